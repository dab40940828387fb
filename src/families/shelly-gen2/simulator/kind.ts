import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../../errors/index.ts';
import type { DeviceSimulator, MdnsService, SimulatorInit, SimulatorKind } from '../../../lab/core/simulator.ts';
import { macHex } from '../../../net/mac.ts';
import { gen2Firmware } from '../../shelly/simulator/firmware-strings.ts';
import { SimulatedShellyFirmware } from '../../shelly/simulator/firmware-update.ts';
import { child, deepMerge, isRecord, replaceMac } from '../../shelly/simulator/json-tools.ts';
import { type ShellyGen2Settings, shellyGen2Settings } from '../../shelly/simulator/settings.ts';
import { SimulatedShellyGen2, type StableOffer } from './device.ts';
import { gen2HttpHandler } from './http.ts';
import { GEN2_MODELS, type Gen2Dump, gen2Profile } from './profiles.ts';
import { Gen2WsRpc } from './ws-rpc.ts';

const DEFAULT_MODEL = 'SNSW-001P16EU';
const DEFAULT_FIRMWARE = '20241011-114455/1.4.4-g6d2a586';

/** Reads an aioshelly Gen2 dump `{shelly, config, status}`; anything else is a scenario error. */
export function parseGen2Dump(fixture: unknown): Gen2Dump {
  if (!isRecord(fixture) || !isRecord(fixture.shelly) || !isRecord(fixture.config) || !isRecord(fixture.status)) {
    throw new ConfigError('a shelly-gen2 fixture must be an aioshelly dump {shelly, config, status}');
  }
  if (typeof fixture.shelly.gen !== 'number')
    throw new ConfigError('this fixture is not Gen2+ (its /shelly has no "gen")');
  return structuredClone({ shelly: fixture.shelly, config: fixture.config, status: fixture.status });
}

/** An RPC capture is either the bare result or a whole frame `{id, src, result}` (rpc/shellyplugus). */
function rpcResult(body: unknown): unknown {
  return isRecord(body) && 'result' in body && ('src' in body || 'id' in body) ? body.result : body;
}

/**
 * Builds a dump from the raw RPC captures of one device (`rpc/<device>/Shelly.GetDeviceInfo`, `Shelly.GetConfig`,
 * `Shelly.GetStatus`), so those devices can be served like the whole-device dumps.
 */
export function gen2DumpFromRpcCaptures(captures: {
  deviceInfo: unknown;
  config?: unknown;
  status?: unknown;
}): Gen2Dump {
  const shelly = rpcResult(captures.deviceInfo);
  const config = captures.config === undefined ? {} : rpcResult(captures.config);
  const status = captures.status === undefined ? {} : rpcResult(captures.status);
  return parseGen2Dump({ shelly, config, status });
}

function baseDump(init: SimulatorInit<ShellyGen2Settings>): Gen2Dump {
  const ownHex = macHex(init.mac);
  if (init.fixture !== undefined) {
    const dump = parseGen2Dump(init.fixture);
    const fromHex = typeof dump.shelly.mac === 'string' ? macHex(dump.shelly.mac) : undefined;
    return fromHex ? replaceMac(dump, fromHex, ownHex) : dump;
  }
  const model = init.settings.model ?? DEFAULT_MODEL;
  if (!GEN2_MODELS[model]) {
    throw new ConfigError(
      `shelly-gen2 has no built-in profile for model ${model}; use one of ${Object.keys(GEN2_MODELS).join(', ')} or a fixture`,
    );
  }
  if (init.settings.profile === 'cover' && !GEN2_MODELS[model]?.cover) {
    throw new ConfigError(
      `shelly-gen2 profile "cover" needs a model with a cover profile (SNSW-102P16EU), not ${model}`,
    );
  }
  return gen2Profile(model, {
    macHex: ownHex,
    name: init.name,
    ...gen2Firmware(init.settings.firmware ?? DEFAULT_FIRMWARE),
    ...(init.settings.profile ? { profile: init.settings.profile } : {}),
  });
}

function passwordFrom(settings: ShellyGen2Settings, dump: Gen2Dump): string | undefined {
  if (settings.auth) {
    if (!settings.auth.enabled) return undefined;
    if (!settings.auth.password) throw new ConfigError('shelly-gen2 auth.enabled needs auth.password');
    return settings.auth.password;
  }
  // A capture with auth on never shows the password; such a device is locked to everybody.
  return dump.shelly.auth_en === true ? randomBytes(12).toString('hex') : undefined;
}

function offerFrom(settings: ShellyGen2Settings, dump: Gen2Dump, installed: string): StableOffer | undefined {
  if (settings.update) {
    const target = gen2Firmware(settings.update.version);
    return target.ver === installed ? undefined : { version: target.ver, build_id: target.fwId };
  }
  const stable = child(child(dump.status, 'sys'), 'available_updates').stable;
  if (!isRecord(stable) || typeof stable.version !== 'string') return undefined;
  const buildId = typeof stable.build_id === 'string' ? stable.build_id : gen2Firmware(stable.version).fwId;
  return { version: stable.version, build_id: buildId };
}

/** Builds the device state from the fixture or profile, then applies the scenario's settings on top. */
export function buildGen2Device(init: SimulatorInit<ShellyGen2Settings>): SimulatedShellyGen2 {
  const { settings } = init;
  const dump = baseDump(init);
  if (settings.model && init.fixture !== undefined) dump.shelly.model = settings.model;
  const fw = settings.firmware
    ? gen2Firmware(settings.firmware)
    : { ver: String(dump.shelly.ver ?? ''), fwId: String(dump.shelly.fw_id ?? '') };
  dump.shelly.name = init.name;
  const sys = child(dump.config, 'sys');
  child(sys, 'device').name = init.name;
  if (settings.debug !== undefined) child(child(sys, 'debug'), 'websocket').enable = settings.debug;
  if (settings.cloud !== undefined) child(dump.config, 'cloud').enable = settings.cloud;
  if (settings.overrides) deepMerge(dump.config, settings.overrides);
  const offer = offerFrom(settings, dump, fw.ver);
  const firmware = new SimulatedShellyFirmware({
    host: init.host,
    clock: init.clock,
    installed: fw,
    offered: offer ? { ver: offer.version, fwId: offer.build_id } : undefined,
    plan: () => ({ durationMs: settings.update?.durationMs ?? 3000, outcome: settings.update?.outcome ?? 'ok' }),
  });
  return new SimulatedShellyGen2({
    dump,
    firmware,
    password: passwordFrom(settings, dump),
    clock: init.clock,
    address: init.address,
  });
}

/** A simulated Gen2+ Shelly (Plus, Pro, Gen3, Gen4): JSON-RPC over HTTP and WebSocket on port 80. */
export class SimulatedShellyGen2Device implements DeviceSimulator {
  readonly #init: SimulatorInit<ShellyGen2Settings>;
  readonly #device: SimulatedShellyGen2;
  readonly #ws: Gen2WsRpc;

  constructor(init: SimulatorInit<ShellyGen2Settings>) {
    this.#init = init;
    this.#device = buildGen2Device(init);
    this.#ws = new Gen2WsRpc(this.#device);
  }

  async start(): Promise<void> {
    const ws = this.#ws;
    await this.#init.host.listenHttp(80, gen2HttpHandler({ device: this.#device }), {
      upgrade: (req, socket, head) => ws.handleUpgrade(req, socket, head),
    });
  }

  async stop(): Promise<void> {
    this.#ws.close();
    this.#device.stopUpdate();
  }

  /** `_shelly._tcp` and `_http._tcp`, both with `gen` in TXT (Shelly Gen2 API docs, Common Device Traits, mDNS). */
  mdnsServices(): MdnsService[] {
    const info = this.#device.deviceInfo();
    const id = this.#device.id;
    const txt = { gen: String(info.gen ?? 2), app: String(info.app ?? ''), ver: String(info.ver ?? ''), id };
    const host = id.toLowerCase();
    return [
      { type: '_shelly._tcp', instance: id, host, port: 80, txt },
      { type: '_http._tcp', instance: id, host, port: 80, txt },
    ];
  }

  ssdpAnswers(): [] {
    return [];
  }
}

/** The `shelly-gen2` lab kind (Gen2, Gen3 and Gen4 devices share the RPC API). */
export const shellyGen2Kind: SimulatorKind<typeof shellyGen2Settings> = {
  kind: 'shelly-gen2',
  settings: shellyGen2Settings,
  create: (init) => new SimulatedShellyGen2Device(init),
  macFromFixture: (fixture) => {
    const shelly = isRecord(fixture) ? fixture.shelly : undefined;
    return isRecord(shelly) && typeof shelly.mac === 'string' ? shelly.mac : undefined;
  },
};
