import { requestHttp } from '../../net/http-client.ts';
import { normalizeMac } from '../../net/mac.ts';
import type { DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
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
    const facts = emptyDeviceFacts('tasmota', 'Tasmota');
    facts.protocols.push('tasmota-http', 'http');
    const port = target.connectPort(HTTP_PORT);
    let status0 = data.status0;
    let password: string | undefined;
    if (data.via === 'status') {
      facts.auth = { state: 'none', evidence: data.evidence };
    } else if (data.via === 'challenge') {
      facts.auth = { state: 'required', evidence: data.evidence };
      const credential = context.credentials({ family: 'tasmota', address: target.address });
      if (credential?.password === undefined) {
        facts.limitations.push('web password set and no credentials configured for this device');
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
        } else {
          facts.limitations.push(`the configured Tasmota web password was refused (HTTP ${retry.status})`);
        }
      }
    } else {
      facts.limitations.push('the /cm HTTP API did not answer; only the web page identifies the device as Tasmota');
    }
    if (status0) await describe(facts, status0, { ...limits(context), host: target.address, port, password });
    facts.limitations.push('Tasmota does not report whether a newer release exists; compare with the catalogue');
    return facts;
  },
};

async function describe(
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
  const moduleNumber = status0.Status?.Module;
  const model = moduleName ?? (moduleNumber === undefined ? undefined : `module ${moduleNumber}`);
  if (model) facts.model = model;
  if (moduleName) facts.productName = `${moduleName} (Tasmota firmware)`;
  facts.firmware.installed = status0.StatusFWR.Version;
  if (status0.StatusFWR.Hardware) facts.hwVersion = status0.StatusFWR.Hardware;
  const mac = status0.StatusNET?.Mac ? normalizeMac(status0.StatusNET.Mac) : undefined;
  if (mac) facts.mac = mac;
  const name = status0.Status?.DeviceName ?? status0.Status?.FriendlyName?.[0];
  if (name) facts.name = name;
  facts.config = redactTasmota(parsedModule?.success ? { ...status0, Module: parsedModule.data.Module } : status0);
}

async function identifyByWebPage(host: string, port: number, context: ProbeContext): Promise<Identity | undefined> {
  const page = await requestHttp({ ...limits(context), host, port, path: '/' }).catch(() => undefined);
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

function identity(data: TasmotaIdentityData): Identity {
  return { family: 'tasmota', vendor: 'Tasmota', evidence: data.evidence, data };
}

function limits(context: ProbeContext): { timeoutMs: number; maxBytes: number; signal: AbortSignal } {
  return { timeoutMs: context.timeoutMs, maxBytes: context.maxBytes, signal: context.signal };
}
