import type { MdnsService } from '../../net/discovered-host.ts';
import { macFromEui64 } from '../../net/mac.ts';
import type { DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, type Evidence, emptyDeviceFacts } from '../facts.ts';
import { NANOLEAF_MODELS, type NanoleafInfo, nanoleafInfoSchema, nanoleafTxtSchema } from './schema.ts';
import { NANOLEAF_PORT, nanoleafRequest, REDACTED_TOKEN } from './transport.ts';

/** mDNS types of Nanoleaf controllers: `_nanoleafapi._tcp`, and `_nanoleafms._tcp` on older firmware. */
export const NANOLEAF_MDNS_TYPES = ['_nanoleafapi._tcp', '_nanoleafms._tcp'] as const;

interface NanoleafHint {
  model?: string;
  firmware?: string;
  id?: string;
  /** From the EUI-64 link-local address the controller announces beside its A record. */
  mac?: string;
  evidence: Evidence;
}

/** What discovery heard: a Nanoleaf mDNS service (TXT `md`, `srcvers`, `id`) or SSDP search target. */
export function nanoleafHint(target: Pick<ProbeTarget, 'mdns' | 'udp'>): NanoleafHint | undefined {
  const service = target.mdns.find((item) => (NANOLEAF_MDNS_TYPES as readonly string[]).includes(item.type));
  if (service) return fromMdns(service);
  const ssdp = target.udp.ssdp?.find((headers) => /^nanoleaf/i.test(headers.st ?? ''));
  if (!ssdp) return undefined;
  // SSDP ST `nanoleaf:nl29` names the model; the Light Panels say `Nanoleaf_aurora:light` (fixtures README).
  const model = /^nanoleaf:(nl\d+)$/i.exec(ssdp.st ?? '')?.[1]?.toUpperCase();
  return {
    ...(model ? { model } : {}),
    evidence: { sent: 'SSDP M-SEARCH ssdp:all', received: `ST ${ssdp.st} LOCATION ${ssdp.location ?? ''}` },
  };
}

function fromMdns(service: MdnsService): NanoleafHint {
  const txt = nanoleafTxtSchema.safeParse(service.txt);
  const data = txt.success ? txt.data : {};
  // Nanoleaf controllers form their link-local IPv6 address from the MAC (EUI-64): an mDNS answer seen in the
  // wild pairs fe80::255:daff:fe5e:7e7 with host Shapes-07E7, i.e. 00:55:DA:5E:07:E7.
  const mac = (service.ipv6 ?? []).map(macFromEui64).find((found) => found !== undefined);
  return {
    ...(mac ? { mac } : {}),
    ...(data.md ? { model: data.md } : {}),
    ...(data.srcvers ? { firmware: data.srcvers } : {}),
    ...(data.id ? { id: data.id } : {}),
    evidence: {
      sent: `mDNS PTR ${service.type}.local`,
      received: `${service.instance} port ${service.port} TXT ${JSON.stringify(service.txt).slice(0, 200)}`,
    },
  };
}

/**
 * Nanoleaf panel controllers: the OpenAPI over plain HTTP on 16021. Without a token only discovery (mDNS TXT or
 * SSDP) and the unauthenticated answers identify them; with the owner's token (credentials, family `nanoleaf`,
 * `apiKey`) the whole device state gives name, serial, model, firmware and hardware versions.
 */
export const nanoleafAdapter: DeviceAdapter = {
  family: 'nanoleaf',

  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    const hint = nanoleafHint(target);
    if (!hint || !target.openTcpPorts.has(NANOLEAF_PORT)) return undefined;
    // The API root without a token: a Nanoleaf refuses it with 401 (OpenAPI "Authorization").
    const root = await nanoleafRequest({ ...limits(target, context), path: '/api/v1/' }).catch(() => undefined);
    if (root?.response.status !== 401 && root?.response.status !== 403) return undefined;
    const facts = emptyDeviceFacts('nanoleaf', 'Nanoleaf');
    facts.protocols.push('nanoleaf-http');
    facts.auth = { state: 'required', evidence: root.evidence };
    if (hint.model) applyModel(facts, hint.model);
    if (hint.firmware) facts.firmware.installed = hint.firmware;
    // The TXT `id` is a device id in MAC notation, not the Wi-Fi MAC (as HomeKit's `id`), so it is kept as an id.
    if (hint.id) facts.deviceId = hint.id;
    if (hint.mac) facts.mac = hint.mac;
    return { family: 'nanoleaf', vendor: 'Nanoleaf', evidence: hint.evidence, data: hint, facts };
  },

  async inspect(target: ProbeTarget, found: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const { facts } = found;
    const credential = context.credentials({
      family: 'nanoleaf',
      address: target.address,
      ...(facts.mac ? { mac: facts.mac } : {}),
      ...(facts.deviceId ? { deviceId: facts.deviceId } : {}),
    });
    if (context.credentialChecks) await probePairing(target, context, facts);
    if (credential?.apiKey === undefined) {
      facts.limitations.push(
        'needs a Nanoleaf auth token (credentials: family nanoleaf, apiKey) to read the name, serial and hardware version',
      );
      return facts;
    }
    const info = await nanoleafRequest({
      ...limits(target, context),
      path: `/api/v1/${REDACTED_TOKEN}/`,
      token: credential.apiKey,
    });
    const parsed = info.response.status === 200 ? nanoleafInfoSchema.safeParse(info.body) : undefined;
    if (!parsed?.success) {
      facts.limitations.push(`the configured Nanoleaf token was refused (HTTP ${info.response.status})`);
      return facts;
    }
    applyInfo(facts, parsed.data);
    return facts;
  },
};

function applyModel(facts: DeviceFacts, model: string): void {
  facts.model = model;
  const product = NANOLEAF_MODELS[model.toUpperCase()];
  if (product) facts.productName = `Nanoleaf ${product}`;
}

function applyInfo(facts: DeviceFacts, info: NanoleafInfo): void {
  applyModel(facts, info.model);
  facts.firmware.installed = info.firmwareVersion;
  if (info.hardwareVersion) facts.hwVersion = info.hardwareVersion;
  if (info.name !== undefined) facts.name = info.name;
  if (info.serialNo) facts.config = { serialNo: info.serialNo, manufacturer: info.manufacturer ?? null };
}

/**
 * Whether the pairing window is open: `POST /api/v1/new` hands out a token only in the ~30 s after the power button
 * was held, and answers 403 otherwise (fixtures README, "Pairing"). A token handed out is deleted at once
 * (OpenAPI "Delete a User", `DELETE /api/v1/<token>`), so the probe leaves nothing behind. Runs only with
 * credential checks on, as it is an active test like trying factory passwords.
 */
async function probePairing(target: ProbeTarget, context: ProbeContext, facts: DeviceFacts): Promise<void> {
  const attempt = await nanoleafRequest({ ...limits(target, context), method: 'POST', path: '/api/v1/new' }).catch(
    () => undefined,
  );
  if (!attempt) return;
  if (attempt.response.status === 403) {
    facts.pairing = { open: false, evidence: attempt.evidence };
    return;
  }
  const token = (attempt.body as { auth_token?: unknown } | undefined)?.auth_token;
  if (attempt.response.status !== 200 || typeof token !== 'string' || token === '') return;
  facts.pairing = { open: true, evidence: attempt.evidence };
  const removed = await nanoleafRequest({
    ...limits(target, context),
    method: 'DELETE',
    path: `/api/v1/${REDACTED_TOKEN}`,
    token,
  }).catch(() => undefined);
  if (removed?.response.status !== 204 && removed?.response.status !== 200) {
    facts.limitations.push('the token the open pairing window handed out could not be deleted again');
  }
}

function limits(target: ProbeTarget, context: ProbeContext) {
  return {
    host: target.address,
    port: target.connectPort(NANOLEAF_PORT),
    signal: context.signal,
    timeoutMs: context.timeoutMs,
    maxBytes: context.maxBytes,
  };
}
