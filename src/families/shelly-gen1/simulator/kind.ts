import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../../errors/index.ts';
import type { DeviceSimulator, MdnsService, SimulatorInit, SimulatorKind } from '../../../lab/core/simulator.ts';
import { macHex } from '../../../net/mac.ts';
import { gen1FirmwareId } from '../../shelly/simulator/firmware-strings.ts';
import { SimulatedShellyFirmware } from '../../shelly/simulator/firmware-update.ts';
import { child, deepMerge, isRecord, replaceMac } from '../../shelly/simulator/json-tools.ts';
import { type ShellyGen1Settings, shellyGen1Settings } from '../../shelly/simulator/settings.ts';
import { SimulatedCoiot } from './coiot.ts';
import { type Gen1Login, SimulatedShellyGen1 } from './device.ts';
import { gen1HttpHandler } from './http.ts';
import { GEN1_MODELS, type Gen1Dump, gen1Profile } from './profiles.ts';

const DEFAULT_MODEL = 'SHSW-1';
const DEFAULT_FIRMWARE = '20230913-112003/v1.14.0-gcb84623';

/** Reads an aioshelly Gen1 dump `{shelly, settings, status}`; anything else is a scenario error. */
export function parseGen1Dump(fixture: unknown): Gen1Dump {
  if (!isRecord(fixture) || !isRecord(fixture.shelly) || !isRecord(fixture.settings) || !isRecord(fixture.status)) {
    throw new ConfigError('a shelly-gen1 fixture must be an aioshelly dump {shelly, settings, status}');
  }
  if ('gen' in fixture.shelly) throw new ConfigError('this fixture is a Gen2+ device (its /shelly has "gen")');
  return structuredClone({ shelly: fixture.shelly, settings: fixture.settings, status: fixture.status });
}

function fixtureMac(dump: Gen1Dump): string | undefined {
  const mac = dump.shelly.mac ?? (isRecord(dump.settings.device) ? dump.settings.device.mac : undefined);
  return typeof mac === 'string' ? mac : undefined;
}

function baseDump(init: SimulatorInit<ShellyGen1Settings>): Gen1Dump {
  const ownHex = macHex(init.mac);
  if (init.fixture !== undefined) {
    const dump = parseGen1Dump(init.fixture);
    const fromHex = fixtureMac(dump);
    return fromHex ? replaceMac(dump, macHex(fromHex), ownHex) : dump;
  }
  const model = init.settings.model ?? DEFAULT_MODEL;
  if (!GEN1_MODELS[model]) {
    throw new ConfigError(
      `shelly-gen1 has no built-in profile for model ${model}; use one of ${Object.keys(GEN1_MODELS).join(', ')} or a fixture`,
    );
  }
  const fw = gen1FirmwareId(init.settings.firmware ?? DEFAULT_FIRMWARE);
  if (init.settings.mode === 'roller' && !GEN1_MODELS[model]?.rollers) {
    throw new ConfigError(`shelly-gen1 mode "roller" needs a model with a roller (SHSW-25), not ${model}`);
  }
  return gen1Profile(model, {
    macHex: ownHex,
    name: init.name,
    fw,
    ...(init.settings.mode ? { mode: init.settings.mode } : {}),
  });
}

function loginFrom(settings: ShellyGen1Settings, dump: Gen1Dump): Gen1Login {
  const captured = child(dump.settings, 'login');
  const auth = settings.auth;
  const login: Gen1Login = {
    enabled: auth ? auth.enabled : captured.enabled === true,
    unprotected: captured.unprotected === true,
    username: auth?.username ?? (typeof captured.username === 'string' ? captured.username : 'admin'),
    password: auth ? auth.password : typeof captured.password === 'string' ? captured.password : undefined,
  };
  if (login.enabled && !login.password) {
    // A capture with login on never shows the password; such a device is locked to everybody.
    if (auth) throw new ConfigError('shelly-gen1 auth.enabled needs auth.password');
    login.password = randomBytes(12).toString('hex');
  }
  return login;
}

/** Builds the device state from the fixture or profile, then applies the scenario's settings on top. */
export function buildGen1Device(init: SimulatorInit<ShellyGen1Settings>): SimulatedShellyGen1 {
  const { settings } = init;
  const dump = baseDump(init);
  if (settings.model && init.fixture !== undefined) {
    dump.shelly.type = settings.model;
    child(dump.settings, 'device').type = settings.model;
  }
  const fw = settings.firmware
    ? gen1FirmwareId(settings.firmware)
    : String(dump.shelly.fw ?? dump.settings.fw ?? DEFAULT_FIRMWARE);
  if ('name' in dump.shelly || init.fixture === undefined) dump.shelly.name = init.name;
  dump.settings.name = init.name;
  if (settings.hwVersion) child(dump.settings, 'hwinfo').hw_revision = settings.hwVersion;
  if (settings.debug !== undefined) dump.settings.debug_enable = settings.debug;
  if (settings.overrides) deepMerge(dump.settings, settings.overrides);
  const captured = child(dump.status, 'update');
  const offered = settings.update
    ? gen1FirmwareId(settings.update.version)
    : captured.has_update === true && typeof captured.new_version === 'string'
      ? captured.new_version
      : undefined;
  const firmware = new SimulatedShellyFirmware({
    host: init.host,
    clock: init.clock,
    installed: fw,
    offered: offered === fw ? undefined : offered,
    plan: () => ({ durationMs: settings.update?.durationMs ?? 3000, outcome: settings.update?.outcome ?? 'ok' }),
  });
  const device = new SimulatedShellyGen1({
    dump,
    login: loginFrom(settings, dump),
    firmware,
    clock: init.clock,
    address: init.address,
  });
  if (settings.cloud !== undefined) device.setCloud(settings.cloud);
  return device;
}

/** A simulated Gen1 Shelly (ESP8266): the REST API on TCP 80 and CoIoT on UDP 5683. */
export class SimulatedShellyGen1Device implements DeviceSimulator {
  readonly #init: SimulatorInit<ShellyGen1Settings>;
  readonly #device: SimulatedShellyGen1;
  #coiot: SimulatedCoiot | undefined;

  constructor(init: SimulatorInit<ShellyGen1Settings>) {
    this.#init = init;
    this.#device = buildGen1Device(init);
  }

  async start(): Promise<void> {
    await this.#init.host.listenHttp(80, gen1HttpHandler({ device: this.#device }));
    if (this.#device.coiotV2) {
      const coiot = new SimulatedCoiot({
        host: this.#init.host,
        clock: this.#init.clock,
        source: this.#device.coiotSource(),
      });
      await coiot.start();
      this.#coiot = coiot;
    }
  }

  async stop(): Promise<void> {
    this.#coiot?.stop();
    this.#device.stopUpdate();
  }

  /** Gen1 announces a bare `_http._tcp` under its hostname; only Gen2+ adds `gen` in TXT (Gen2 docs, mDNS). */
  mdnsServices(): MdnsService[] {
    const host = this.#device.hostname;
    return [{ type: '_http._tcp', instance: host, host, port: 80, txt: {} }];
  }

  ssdpAnswers(): [] {
    return [];
  }
}

/** The `shelly-gen1` lab kind. */
export const shellyGen1Kind: SimulatorKind<typeof shellyGen1Settings> = {
  kind: 'shelly-gen1',
  settings: shellyGen1Settings,
  create: (init) => new SimulatedShellyGen1Device(init),
  macFromFixture: (fixture) => {
    try {
      return fixtureMac(parseGen1Dump(fixture));
    } catch {
      return undefined;
    }
  },
};
