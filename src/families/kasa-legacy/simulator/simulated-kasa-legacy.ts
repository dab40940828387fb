import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Listener } from '../../../lab/core/device-host.ts';
import type { DeviceSimulator, MdnsService, SimulatorInit, SsdpAnswer } from '../../../lab/core/simulator.ts';
import { klapAuthHash } from '../../kasa-smart/klap-crypto.ts';
import { smartDiscoveryAnswer } from '../../kasa-smart/simulator/discovery-answer.ts';
import { KlapResponder } from '../../kasa-smart/simulator/klap-responder.ts';
import { isObject } from '../../tplink/discovery.ts';
import { iotKlapDiscovery, personalizeDiscovery } from '../../tplink/simulator/discovery-result.ts';
import { send } from '../../tplink/simulator/http-body.ts';
import { completeFrameLength, frameTcp, xorDecrypt, xorEncrypt } from '../../tplink/xor-cipher.ts';
import type { SimulatedIotApi } from './api.ts';
import { installCloudHandlers, prepareCloudModule } from './cloud.ts';
import { assembleIotDevice } from './device.ts';
import { buildIotModules, fixtureDiscovery } from './device-model.ts';
import { type KasaLegacySettings, klapAccount } from './settings.ts';
import { IotFirmwareUpdater, type IotUpdatePlan } from './update.ts';

const LEGACY_PORT = 9999;
const KLAP_HTTP_PORT = 80;
const SMART_DISCOVERY_PORT = 20002;
/** How long a plain `system.reboot` keeps the device away, on top of the requested delay. */
const BOOT_MS = 5000;
const MAX_TCP_BUFFER = 64 * 1024;

/**
 * A legacy Kasa device (plug, switch, bulb, strip). It speaks the XOR protocol on TCP and UDP 9999 until a
 * `switch-to-klap` update (or a KLAP-era fixture) makes it close 9999 and speak KLAP v1 on HTTP 80 and answer
 * discovery on UDP 20002 instead: the HS100(UK) 4.1 → 1.1.0 change that broke Home Assistant in 2020.
 */
export class SimulatedKasaLegacy implements DeviceSimulator {
  readonly #init: SimulatorInit<KasaLegacySettings>;
  readonly #api: SimulatedIotApi;
  readonly #updater: IotFirmwareUpdater;
  readonly #listeners: Listener[] = [];
  readonly #abort = new AbortController();
  #speaksKlap: boolean;
  #work: Promise<void> = Promise.resolve();

  constructor(init: SimulatorInit<KasaLegacySettings>) {
    this.#init = init;
    const { settings } = init;
    const modules = buildIotModules({ ...settings, fixture: init.fixture, name: init.name, mac: init.mac });
    const cloudModule = prepareCloudModule(modules, settings.cloud);
    const model = String((modules.system?.get_sysinfo as Record<string, unknown> | undefined)?.model);
    this.#updater = new IotFirmwareUpdater(settings.update as IotUpdatePlan | undefined, model, (plan) =>
      this.#track(this.#flash(plan)),
    );
    this.#api = assembleIotDevice({
      modules,
      clock: init.clock,
      mac: init.mac,
      loadWatts: settings.load,
      signal: this.#abort.signal,
      hooks: {
        downloadFirmware: (url) => this.#updater.download(url),
        downloadState: () => this.#updater.state(),
        flashFirmware: () => this.#updater.flash(),
        // Answer first, then go down: the reboot starts once the acknowledgement is on its way.
        reboot: (delayS) => setImmediate(() => this.#track(this.#reboot(delayS * 1000 + BOOT_MS))),
      },
    }).api;
    installCloudHandlers(this.#api, cloudModule, () => this.#updater.offered());
    const captured = fixtureDiscovery(init.fixture);
    this.#speaksKlap =
      (captured?.result as { mgt_encrypt_schm?: { encrypt_type?: string } } | undefined)?.mgt_encrypt_schm
        ?.encrypt_type === 'KLAP';
  }

  /** The stored `get_sysinfo` (tests read it to check a write took). */
  get sysinfo(): Record<string, unknown> {
    return this.#api.sysinfo;
  }

  /** The request dispatcher every transport shares. */
  get api(): SimulatedIotApi {
    return this.#api;
  }

  get speaksKlap(): boolean {
    return this.#speaksKlap;
  }

  async start(): Promise<void> {
    if (this.#speaksKlap) await this.#openKlap();
    else await this.#openLegacy();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.all(this.#listeners.map((l) => l.close()));
    this.#listeners.length = 0;
  }

  mdnsServices(): MdnsService[] {
    return [];
  }

  ssdpAnswers(): SsdpAnswer[] {
    return [];
  }

  /**
   * Test seam: installs the scenario's update exactly as download_firmware + flash_firmware would. Resolves once the
   * outcome is reached (back up, back on the old version, switched to KLAP, or gone for good); false if none pending.
   */
  async installUpdate(): Promise<boolean> {
    if (!this.#updater.start()) return false;
    await new Promise((resolve) => setImmediate(resolve));
    await this.#work;
    return true;
  }

  /** Resolves when the current reboot or update has finished. */
  settled(): Promise<void> {
    return this.#work;
  }

  #track(work: Promise<void>): void {
    this.#work = this.#work.then(() => work).catch(() => undefined);
  }

  async #reboot(downMs: number): Promise<void> {
    await this.#init.host.pauseAll();
    await this.#init.clock.sleep(downMs, this.#abort.signal);
    await this.#init.host.resumeAll();
  }

  async #flash(plan: IotUpdatePlan): Promise<void> {
    const { host, clock } = this.#init;
    await host.pauseAll();
    await clock.sleep(plan.durationMs, this.#abort.signal);
    if (plan.outcome === 'never-returns') return;
    const installed = plan.outcome !== 'fail-midway';
    if (installed) this.sysinfo.sw_ver = plan.version;
    this.#updater.finished(installed);
    if (plan.outcome === 'switch-to-klap' && !this.#speaksKlap) {
      // The new firmware no longer listens on 9999 at all: close (not pause) the legacy listeners.
      const legacy = this.#listeners.splice(0, this.#listeners.length);
      await Promise.all(legacy.map((l) => l.close()));
      this.#speaksKlap = true;
      await host.resumeAll();
      await this.#openKlap();
      return;
    }
    await host.resumeAll();
  }

  async #openLegacy(): Promise<void> {
    const { host } = this.#init;
    this.#listeners.push(await host.listenTcp(LEGACY_PORT, (socket) => this.#serveTcp(socket)));
    this.#listeners.push(
      await host.listenUdp(LEGACY_PORT, (message, _from, reply) => {
        const answer = this.#answerJson(xorDecrypt(message));
        if (answer) reply(xorEncrypt(answer));
      }),
    );
  }

  async #openKlap(): Promise<void> {
    const { host, settings } = this.#init;
    const account = klapAccount(settings.auth);
    const klap = new KlapResponder({
      version: 1, // IOT.KLAP devices use the MD5-based v1 hashes (python-kasa device_factory: "IOT.KLAP": KlapTransport).
      authHash: () => klapAuthHash(1, account.username, account.password),
      handle: (plain) => this.#answerJson(plain),
    });
    const serveHttp = (req: IncomingMessage, res: ServerResponse): void => {
      klap
        .handle(req, res)
        .then((handled) => {
          if (!handled) send(res, 404);
        })
        .catch(() => res.destroy());
    };
    this.#listeners.push(await host.listenHttp(KLAP_HTTP_PORT, serveHttp));
    const { address, mac, name } = this.#init;
    const identity = { address, mac, name, cloud: settings.cloud };
    const captured = fixtureDiscovery(this.#init.fixture);
    this.#listeners.push(
      await host.listenUdp(SMART_DISCOVERY_PORT, (message, _from, reply) => {
        const discovery = captured
          ? personalizeDiscovery(captured, identity)
          : iotKlapDiscovery(this.sysinfo, identity);
        const answer = smartDiscoveryAnswer(discovery, message);
        if (answer) reply(answer);
      }),
    );
  }

  #serveTcp(socket: Socket): void {
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > MAX_TCP_BUFFER) socket.destroy();
      for (let total = completeFrameLength(buffered); total !== undefined; total = completeFrameLength(buffered)) {
        const answer = this.#answerJson(xorDecrypt(buffered.subarray(4, total)));
        buffered = buffered.subarray(total);
        // Garbage gets no answer: the device drops the connection.
        if (!answer) {
          socket.destroy();
          return;
        }
        socket.write(frameTcp(answer.toString('utf8')));
      }
    });
  }

  #answerJson(plain: Buffer): Buffer | undefined {
    let request: unknown;
    try {
      request = JSON.parse(plain.toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isObject(request)) return undefined;
    return Buffer.from(JSON.stringify(this.#api.handle(request)), 'utf8');
  }
}
