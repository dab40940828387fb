import type { Clock } from '../../../util/clock.ts';
import { MODULE_NUMBERS, type TasmotaSettings } from './settings.ts';

/**
 * The mutable state of one simulated Tasmota device and the Status sections built from it. Field names and
 * shapes follow real `Status 0` answers (e.g. Tasmota 11.1 and 14.x captures on GitHub); the values that
 * describe a home (SSID, IPs) come from the lab instead.
 */
export class TasmotaState {
  power: boolean;
  deviceName: string;
  mqttHost: string;
  mqttPort: number;
  webPassword: string;
  readonly #settings: TasmotaSettings;
  readonly #mac: string;
  readonly #address: string;
  readonly #clock: Clock;
  readonly #bootMs: number;

  constructor(options: { settings: TasmotaSettings; name: string; mac: string; address: string; clock: Clock }) {
    this.#settings = options.settings;
    this.#mac = options.mac.toUpperCase();
    this.#address = options.address;
    this.#clock = options.clock;
    this.#bootMs = options.clock.now();
    this.power = options.settings.power;
    this.deviceName = options.name;
    this.mqttHost = options.settings.mqtt.host;
    this.mqttPort = options.settings.mqtt.port;
    this.webPassword = options.settings.auth.enabled ? (options.settings.auth.password ?? '') : '';
  }

  get moduleName(): string {
    return this.#settings.model;
  }

  get moduleNumber(): number {
    return MODULE_NUMBERS[this.#settings.model] ?? 0;
  }

  get firmware(): string {
    return this.#settings.firmware;
  }

  /** Tasmota's default topic: `tasmota_` and the last three MAC bytes. */
  get topic(): string {
    return `tasmota_${this.#mac.replace(/:/g, '').slice(6)}`;
  }

  powerText(): 'ON' | 'OFF' {
    return this.power ? 'ON' : 'OFF';
  }

  /** Every section of `Status 0`, with the scenario's overrides merged in. */
  sections(): Record<string, Record<string, unknown>> {
    const base = this.#baseSections();
    for (const [section, values] of Object.entries(this.#settings.overrides)) {
      base[section] = { ...(base[section] ?? {}), ...values };
    }
    return base;
  }

  #baseSections(): Record<string, Record<string, unknown>> {
    const now = localTime(this.#clock.now());
    const uptimeSec = Math.max(0, Math.floor((this.#clock.now() - this.#bootMs) / 1000));
    const macTail = this.#mac.replace(/:/g, '').slice(6);
    const gateway = this.#address.replace(/\.\d+$/, '.1');
    return {
      Status: {
        Module: this.moduleNumber,
        DeviceName: this.deviceName,
        FriendlyName: [this.deviceName],
        Topic: this.topic,
        ButtonTopic: '0',
        Power: this.power ? '1' : '0',
        PowerLock: '0',
        PowerOnState: 3,
        LedState: 1,
        LedMask: 'FFFF',
        SaveData: 1,
        SaveState: 1,
        SwitchTopic: '0',
        SwitchMode: [0, 0, 0, 0, 0, 0, 0, 0],
        ButtonRetain: 0,
        SwitchRetain: 0,
        SensorRetain: 0,
        PowerRetain: 0,
        InfoRetain: 0,
        StateRetain: 0,
        StatusRetain: 0,
      },
      StatusPRM: {
        Baudrate: 115200,
        SerialConfig: '8N1',
        GroupTopic: 'tasmotas',
        OtaUrl: 'http://ota.tasmota.com/tasmota/release/tasmota.bin.gz',
        RestartReason: 'Power On',
        Uptime: uptimeText(uptimeSec),
        StartupUTC: localTime(this.#bootMs),
        Sleep: 50,
        CfgHolder: 4617,
        BootCount: 3,
        BCResetTime: localTime(this.#bootMs),
        SaveCount: 12,
        SaveAddress: 'F5000',
      },
      StatusFWR: {
        Version: this.#settings.firmware,
        BuildDateTime: '2024-02-19T10:27:48',
        Boot: 31,
        Core: '2_7_6',
        SDK: '2.2.2-dev(38a443e)',
        CpuFrequency: 80,
        Hardware: this.#settings.hwVersion,
        CR: '378/699',
      },
      StatusLOG: {
        SerialLog: 2,
        WebLog: 2,
        MqttLog: 0,
        SysLog: 0,
        LogHost: '',
        LogPort: 514,
        SSId: ['iotwarden-lab', ''],
        TelePeriod: 300,
        Resolution: '558180C0',
        SetOption: ['00008009', '2805C80001000600003C5A0A192800000000', '00000080', '00006000', '00004000', '00000000'],
      },
      StatusMEM: {
        ProgramSize: 629,
        Free: 372,
        Heap: 26,
        ProgramFlashSize: 1024,
        FlashSize: 4096,
        FlashChipId: '1640EF',
        FlashFrequency: 40,
        FlashMode: 'DOUT',
      },
      StatusNET: {
        // WIFI_HOSTNAME "%s-%04d": the topic, then the low 13 bits of the chip id.
        Hostname: `tasmota-${macTail}-${String(Number.parseInt(macTail, 16) & 0x1fff).padStart(4, '0')}`,
        IPAddress: this.#address,
        Gateway: gateway,
        Subnetmask: '255.255.255.0',
        DNSServer1: gateway,
        DNSServer2: '0.0.0.0',
        Mac: this.#mac,
        Webserver: 2,
        HTTP_API: 1,
        WifiConfig: 4,
        WifiPower: 17.0,
      },
      StatusMQT: {
        MqttHost: this.mqttHost,
        MqttPort: this.mqttPort,
        MqttClientMask: 'DVES_%06X',
        MqttClient: `DVES_${macTail}`,
        MqttUser: 'DVES_USER',
        MqttCount: 0,
        MAX_PACKET_SIZE: 1200,
        KEEPALIVE: 30,
        SOCKET_TIMEOUT: 4,
      },
      StatusTIM: {
        UTC: `${new Date(this.#clock.now()).toISOString().slice(0, 19)}Z`,
        Local: now,
        StartDST: '2026-03-29T02:00:00',
        EndDST: '2026-10-25T03:00:00',
        Timezone: '+00:00',
        Sunrise: '08:00',
        Sunset: '16:30',
      },
      StatusSNS: { Time: now },
      StatusSTS: {
        Time: now,
        Uptime: uptimeText(uptimeSec),
        UptimeSec: uptimeSec,
        Heap: 26,
        SleepMode: 'Dynamic',
        Sleep: 50,
        LoadAvg: 19,
        MqttCount: 0,
        POWER: this.powerText(),
        Wifi: { AP: 1, SSId: 'iotwarden-lab', Channel: 6, Mode: '11n', RSSI: 100, Signal: -45, LinkCount: 1 },
      },
    };
  }
}

/** Tasmota prints local time without a zone; the lab runs on UTC. */
function localTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** `<days>T<hh>:<mm>:<ss>`, Tasmota's uptime format. */
function uptimeText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const rest = new Date((seconds % 86_400) * 1000).toISOString().slice(11, 19);
  return `${days}T${rest}`;
}
