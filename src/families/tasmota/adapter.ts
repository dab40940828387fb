import { normalizeMac } from '../../net/mac.ts';
import { deviceHttp } from '../common/device-http.ts';
import {
  type DeviceAdapter,
  type Identity,
  NO_CREDENTIALS_CONFIGURED,
  type ProbeContext,
  type ProbeTarget,
} from '../device-adapter.ts';
import { type DeviceFacts, type Evidence, emptyDeviceFacts } from '../facts.ts';
import { type TasmotaStatus0, tasmotaModuleSchema, tasmotaStatus0Schema } from './schema.ts';
import { isTasmotaPasswordChallenge, redactTasmota, tasmotaCommand } from './transport.ts';

const HTTP_PORT = 80;

interface TasmotaIdentityData {
  /** How the device showed itself: a Status 0 answer, the password challenge of `/cm`, or only its web page. */
  via: 'status' | 'challenge' | 'web-page';
  status0?: TasmotaStatus0;
  evidence: Evidence;
}

/**
 * Tasmota firmware on ESP8266/ESP32 devices. Tasmota is the firmware project; who made the hardware is rarely
 * knowable, so the module name (`Sonoff Basic`, a template name) stands in as the model.
 */
export const tasmotaAdapter: DeviceAdapter = {
  family: 'tasmota',

  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    if (!target.openTcpPorts.has(HTTP_PORT)) return undefined;
    const port = target.connectPort(HTTP_PORT);
    const result = await tasmotaCommand({ ...limits(context), host: target.address, port, command: 'Status 0' }).catch(
      () => undefined,
    );
    if (result?.status === 200) {
      const parsed = tasmotaStatus0Schema.safeParse(result.body);
      if (parsed.success) return identity({ via: 'status', status0: parsed.data, evidence: result.evidence });
    }
    if (result && isTasmotaPasswordChallenge(result)) return identity({ via: 'challenge', evidence: result.evidence });
    return identifyByWebPage(target.address, port, context);
  },

  async inspect(target: ProbeTarget, found: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const data = found.data as TasmotaIdentityData;
    const { facts } = found;
    const port = target.connectPort(HTTP_PORT);
    let status0 = data.status0;
    let password: string | undefined;
    if (data.via === 'challenge') {
      const credential = context.credentials({ family: 'tasmota', address: target.address });
      if (credential?.password === undefined) {
        facts.limitations.push(`web password set and ${NO_CREDENTIALS_CONFIGURED}`);
      } else {
        const retry = await tasmotaCommand({
          ...limits(context),
          host: target.address,
          port,
          command: 'Status 0',
          password: credential.password,
        });
        const parsed = retry.status === 200 ? tasmotaStatus0Schema.safeParse(retry.body) : undefined;
        if (parsed?.success) {
          status0 = parsed.data;
          password = credential.password;
          applyStatus0(facts, status0);
        } else {
          facts.limitations.push(`the configured Tasmota web password was refused (HTTP ${retry.status})`);
        }
      }
    } else if (data.via === 'web-page') {
      facts.limitations.push('the /cm HTTP API did not answer; only the web page identifies the device as Tasmota');
    }
    if (status0) await readModule(facts, status0, { ...limits(context), host: target.address, port, password });
    facts.limitations.push('Tasmota does not report whether a newer release exists; compare with the catalogue');
    return facts;
  },
};

/** Firmware, hardware, MAC, name and configuration from `Status 0`; the model is the module number until named. */
function applyStatus0(facts: DeviceFacts, status0: TasmotaStatus0): void {
  const moduleNumber = status0.Status?.Module;
  if (moduleNumber !== undefined) facts.model = `module ${moduleNumber}`;
  facts.firmware.installed = status0.StatusFWR.Version;
  if (status0.StatusFWR.Hardware) facts.hwVersion = status0.StatusFWR.Hardware;
  const mac = status0.StatusNET?.Mac ? normalizeMac(status0.StatusNET.Mac) : undefined;
  if (mac) facts.mac = mac;
  const name = status0.Status?.DeviceName ?? status0.Status?.FriendlyName?.[0];
  if (name) facts.name = name;
  facts.config = redactTasmota(status0);
}

/** `Module` names the module (`Sonoff Basic`, a template name), which stands in as the model. */
async function readModule(
  facts: DeviceFacts,
  status0: TasmotaStatus0,
  options: {
    host: string;
    port: number;
    password: string | undefined;
    timeoutMs: number;
    maxBytes: number;
    signal: AbortSignal;
  },
): Promise<void> {
  const module = await tasmotaCommand({ ...options, command: 'Module' }).catch(() => undefined);
  const parsedModule = module?.status === 200 ? tasmotaModuleSchema.safeParse(module.body) : undefined;
  const moduleName = parsedModule?.success ? Object.values(parsedModule.data.Module)[0] : undefined;
  if (!parsedModule?.success || !moduleName) return;
  facts.model = moduleName;
  facts.productName = `${moduleName} (Tasmota firmware)`;
  facts.config = redactTasmota({ ...status0, Module: parsedModule.data.Module });
}

async function identifyByWebPage(host: string, port: number, context: ProbeContext): Promise<Identity | undefined> {
  const page = await deviceHttp({ ...limits(context), host, port, path: '/' }).catch(() => undefined);
  if (page?.status !== 200) return undefined;
  const html = page.text();
  // The footer of every Tasmota page: "Tasmota <version> by Theo Arends" (HTTP_END).
  const footer = /Tasmota [^<]* by Theo Arends/.exec(html);
  if (!footer) return undefined;
  return identity({
    via: 'web-page',
    evidence: { sent: `GET http://${host}:${port}/`, received: `200 …${footer[0]}…` },
  });
}

/**
 * A `Status 0` answered without a password proves the open web API; Tasmota's own 401 proves that a password is
 * set. The web page footer proves only that it is Tasmota.
 */
function identity(data: TasmotaIdentityData): Identity {
  const facts = emptyDeviceFacts('tasmota', 'Tasmota');
  facts.protocols.push('tasmota-http', 'http');
  if (data.via === 'status') facts.auth = { state: 'none', evidence: data.evidence };
  if (data.via === 'challenge') facts.auth = { state: 'required', evidence: data.evidence };
  if (data.status0) applyStatus0(facts, data.status0);
  return { family: 'tasmota', vendor: 'Tasmota', evidence: data.evidence, data, facts };
}

function limits(context: ProbeContext): { timeoutMs: number; maxBytes: number; signal: AbortSignal } {
  return { timeoutMs: context.timeoutMs, maxBytes: context.maxBytes, signal: context.signal };
}
