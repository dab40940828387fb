import type { MdnsService } from '../../net/discovered-host.ts';
import type { DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, type Evidence, emptyDeviceFacts } from '../facts.ts';
import { castMac, castRevision, castUdn, type EurekaInfo } from './schema.ts';
import { CAST_HTTP_PORT, CAST_MDNS_TYPE, type EurekaAnswer, readEurekaInfo } from './transport.ts';

const TOKEN_LIMITATION =
  "this firmware's setup API needs the cast-local-authorization-token (from Google's cloud for the owner's account): firmware not read";

interface CastIdentityData {
  answer: EurekaAnswer | undefined;
}

function castService(target: ProbeTarget): MdnsService | undefined {
  return target.mdns.find((service) => service.type.toLowerCase() === CAST_MDNS_TYPE);
}

/** `id` TXT (32 hex) → the dashed UUID `ssdp_udn` also carries. */
function dashed(id: string | undefined): string | undefined {
  if (!id || !/^[0-9a-f]{32}$/i.test(id)) return undefined;
  const h = id.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Google Cast receivers (Chromecast, Google/Nest speakers and displays, Cast-enabled TVs): mDNS `_googlecast._tcp`
 * (TXT `md` model, `fn` name, `id` UUID, `ve`, `ca`) and the setup API's `eureka_info` on HTTP 8008 (firmware
 * `cast_build_revision`, MAC, UUID) where the firmware still answers it without a token.
 */
export const castAdapter: DeviceAdapter = {
  family: 'cast',

  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    const service = castService(target);
    let answer: EurekaAnswer | undefined;
    if (target.openTcpPorts.has(CAST_HTTP_PORT)) {
      answer = await readEurekaInfo({
        host: target.address,
        port: target.connectPort(CAST_HTTP_PORT),
        timeoutMs: context.timeoutMs,
        maxBytes: context.maxBytes,
        signal: context.signal,
      }).catch(() => undefined);
    }
    const info = answer?.kind === 'info' && castRevision(answer.info) ? answer.info : undefined;
    if (!info && !service) return undefined;
    const facts = emptyDeviceFacts('cast', 'Google');
    facts.protocols.push('cast');
    if (service) applyMdns(facts, service);
    if (info) applyEureka(facts, info, (answer as { evidence: Evidence }).evidence);
    facts.model ??= 'Cast device';
    const evidence = info ? (answer as { evidence: Evidence }).evidence : mdnsEvidence(service as MdnsService);
    const data: CastIdentityData = { answer };
    return { family: 'cast', vendor: 'Google', model: facts.model, evidence, data, facts };
  },

  async inspect(_target: ProbeTarget, found: Identity): Promise<DeviceFacts> {
    const { facts } = found;
    const { answer } = found.data as CastIdentityData;
    if (answer?.kind === 'token-required') facts.limitations.push(TOKEN_LIMITATION);
    else if (facts.firmware.installed === undefined) {
      facts.limitations.push('eureka_info did not answer on port 8008: firmware not read');
    }
    facts.limitations.push('Cast devices install Google updates by themselves; there is no local update call');
    return facts;
  },
};

function applyMdns(facts: DeviceFacts, service: MdnsService): void {
  const { md, fn, id } = service.txt;
  if (md) facts.model = md;
  if (fn) facts.name = fn;
  const udn = dashed(id);
  if (udn) facts.deviceId = udn;
}

function applyEureka(facts: DeviceFacts, info: EurekaInfo, evidence: Evidence): void {
  const revision = castRevision(info);
  if (revision) facts.firmware.installed = revision;
  const model = info.device_info?.model_name;
  if (model) facts.model = model;
  const product = info.device_info?.product_name;
  const maker = info.device_info?.manufacturer;
  if (product || maker) facts.productName = [maker, product].filter(Boolean).join(' ');
  const mac = castMac(info);
  if (mac) facts.mac = mac;
  const udn = castUdn(info);
  if (udn) facts.deviceId = udn;
  if (info.name !== undefined && facts.name === undefined) facts.name = info.name;
  // The device's own word that it has nothing newer to install (flat eureka_info `has_update`).
  if (info.has_update === false && revision) {
    facts.firmware.latest = revision;
    facts.firmware.latestSource = 'device';
    facts.firmware.updateEvidence = evidence;
  }
  facts.config = {
    releaseTrack: info.build_info?.release_track ?? info.release_track ?? null,
    eurekaVersion: info.version ?? null,
    optIn: info.opt_in ?? null,
  };
}

function mdnsEvidence(service: MdnsService): Evidence {
  const txt = Object.entries(service.txt)
    .filter(([key]) => ['md', 'id', 've', 'ca'].includes(key))
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  return {
    sent: `mDNS unicast query ${CAST_MDNS_TYPE}.local PTR (SRV, TXT)`,
    received: `${service.instance} port ${service.port} TXT ${txt}`,
  };
}
