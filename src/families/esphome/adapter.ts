import { normalizeMac } from '../../net/mac.ts';
import type { DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, type Evidence, emptyDeviceFacts } from '../facts.ts';
import { type EsphomeProbeResult, probeEsphomeApi } from './transport.ts';

const API_PORT = 6053;
const MDNS_TYPE = '_esphomelib._tcp';

type MdnsRecord = ProbeTarget['mdns'][number];

interface EsphomeIdentityData {
  probe: EsphomeProbeResult | undefined;
  mdns: MdnsRecord | undefined;
}

/**
 * ESPHome nodes: the native API on TCP 6053 and the `_esphomelib._tcp` mDNS record. A plaintext node tells
 * everything over the API; a node with API encryption only tells us that it wants a key, so the rest comes from
 * its mDNS TXT record (mdns_component.cpp: version, mac, platform, board, friendly_name).
 */
export const esphomeAdapter: DeviceAdapter = {
  family: 'esphome',

  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    const mdns = target.mdns.find((s) => s.type === MDNS_TYPE);
    let probe: EsphomeProbeResult | undefined;
    if (target.openTcpPorts.has(API_PORT)) {
      probe = await probeEsphomeApi({
        host: target.address,
        port: target.connectPort(API_PORT),
        timeoutMs: context.timeoutMs,
        maxBytes: context.maxBytes,
        signal: context.signal,
      }).catch((error: unknown) => {
        context.log.debug({ err: error, address: target.address }, 'esphome probe failed');
        return undefined;
      });
    }
    if (!probe && !mdns) return undefined;
    const model = probe?.transport === 'plaintext' ? probe.deviceInfo?.model : mdns?.txt.board;
    const data: EsphomeIdentityData = { probe, mdns };
    return {
      family: 'esphome',
      vendor: 'ESPHome',
      ...(model ? { model } : {}),
      evidence: probe?.evidence ?? mdnsEvidence(mdns as MdnsRecord),
      data,
      facts: factsOf(probe, mdns),
    };
  },

  /** Everything was read while identifying: the native API's Hello and DeviceInfo, or the mDNS record. */
  async inspect(_target: ProbeTarget, identity: Identity): Promise<DeviceFacts> {
    return identity.facts;
  },
};

function factsOf(probe: EsphomeProbeResult | undefined, mdns: MdnsRecord | undefined): DeviceFacts {
  const facts = emptyDeviceFacts('esphome', 'ESPHome');
  if (mdns) applyMdns(facts, mdns);
  if (probe?.transport === 'plaintext') applyPlaintext(facts, probe);
  else if (probe?.transport === 'noise') {
    facts.protocols.push('esphome-noise');
    facts.auth = { state: 'required', evidence: probe.evidence };
    facts.limitations.push(
      mdns
        ? 'API encryption is on and no key is configured, so model, firmware and MAC come from mDNS'
        : 'API encryption is on, no key is configured and the node has no mDNS record: details unknown',
    );
  } else {
    facts.limitations.push(`the native API on port ${API_PORT} did not answer; facts come from mDNS only`);
  }
  facts.limitations.push('an ESPHome node does not report whether a newer ESPHome release exists');
  return facts;
}

function applyPlaintext(facts: DeviceFacts, probe: Extract<EsphomeProbeResult, { transport: 'plaintext' }>): void {
  facts.protocols.push('esphome-plaintext');
  const info = probe.deviceInfo;
  if (!info) {
    facts.limitations.push('the node answered Hello but not DeviceInfoRequest');
    return;
  }
  if (info.model) facts.model = info.model;
  if (info.manufacturer) facts.productName = `${info.manufacturer} ${info.model}`.trim();
  if (info.esphomeVersion) facts.firmware.installed = info.esphomeVersion;
  const mac = normalizeMac(info.macAddress);
  if (mac) facts.mac = mac;
  if (info.friendlyName || info.name) facts.name = info.friendlyName || info.name;
  facts.auth = { state: info.usesPassword ? 'required' : 'none', evidence: probe.evidence };
  facts.config = { hello: probe.hello, deviceInfo: info };
  if (info.usesPassword) {
    facts.limitations.push('the API password is checked, but it travels in clear text (no API encryption)');
  }
}

function applyMdns(facts: DeviceFacts, mdns: MdnsRecord): void {
  const txt = mdns.txt;
  if (txt.board) facts.model = txt.board;
  if (txt.version) facts.firmware.installed = txt.version;
  const mac = txt.mac ? normalizeMac(txt.mac) : undefined;
  if (mac) facts.mac = mac;
  facts.name = txt.friendly_name || mdns.instance;
  if (txt.platform && txt.board) facts.productName = `${txt.platform} ${txt.board}`;
}

function mdnsEvidence(mdns: MdnsRecord): Evidence {
  const txt = Object.entries(mdns.txt)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return { sent: `mDNS PTR ${MDNS_TYPE}.local`, received: `${mdns.instance}:${mdns.port} TXT ${txt}`.slice(0, 300) };
}
