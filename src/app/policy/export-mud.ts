/**
 * Compiled policy → RFC 8520 Manufacturer Usage Description files, one per model: `ietf-mud:mud` with its from- and
 * to-device policies and `ietf-access-control-list:acls` (RFC 8519) holding them. DNS names use `ietf-acldns`
 * (`dst-dnsname`/`src-dnsname`, RFC 8520 §6); local peers use the MUD abstractions (§8): the router's DNS/NTP and
 * DHCP are `local-networks`, roles are `controller` URIs (`urn:iotwarden:role:<role>`), `same-model` is `model`.
 * TCP entries say who opens the connection with `ietf-mud:direction-initiated` (§9). Devices of one model share a
 * file: their rules are merged. Byte-stable for the same input (`lastUpdate` is an input).
 */
import { escapeJsonControls } from '../../util/untrusted-text.ts';
import type { CompiledDevice, CompiledPolicy, CompiledRule, PortMatch } from './compile-policy.ts';

export interface MudExport {
  files: Record<string, string>;
  warnings: string[];
}

type Ace = Record<string, unknown>;

/** A MUD URL must be https (RFC 8520 §3.3); iotwarden's are local names under .invalid until a vendor publishes one. */
const MUD_BASE = 'https://mud.iotwarden.invalid/';

export function exportMud(policy: CompiledPolicy, options: { lastUpdate?: string } = {}): MudExport {
  const warnings: string[] = [];
  const byModel = new Map<string, CompiledDevice[]>();
  for (const device of policy.devices) {
    const key = slug(device.device.model ?? device.device.family ?? device.device.id);
    byModel.set(key, [...(byModel.get(key) ?? []), device]);
  }
  const files: Record<string, string> = {};
  for (const [key, devices] of [...byModel].sort(([a], [b]) => a.localeCompare(b))) {
    // The model and vendor are the device's own text: C1 and bidi controls become \u escapes (same JSON value).
    const json = JSON.stringify(mudFile(key, devices, options.lastUpdate, warnings), null, 2);
    files[`${key}.mud.json`] = `${escapeJsonControls(json)}\n`;
  }
  return { files, warnings: [...new Set(warnings)] };
}

function mudFile(key: string, devices: CompiledDevice[], lastUpdate: string | undefined, warnings: string[]): unknown {
  const first = devices[0]!.device;
  const url = `${MUD_BASE}${key}.json`;
  const rules = dedupe(devices.flatMap((d) => d.rules));
  const acls: Array<{ name: string; type: string; aces: { ace: Ace[] } }> = [];
  const policies: Record<'from' | 'to', string[]> = { from: [], to: [] };
  for (const [version, type] of [
    ['v4', 'ipv4-acl-type'],
    ['v6', 'ipv6-acl-type'],
  ] as const) {
    for (const side of ['from', 'to'] as const) {
      const direction = side === 'from' ? 'outbound' : 'inbound';
      const aces = rules
        .filter((r) => r.direction === direction)
        .flatMap((rule, r) => acesOf(rule, version, side, url, `${side === 'from' ? 'fr' : 'to'}${r}`, warnings));
      if (aces.length === 0) continue;
      const name = `mud-${key}-${version}${side === 'from' ? 'fr' : 'to'}`;
      acls.push({ name, type, aces: { ace: aces } });
      policies[side].push(name);
    }
  }
  const mud: Record<string, unknown> = {
    'mud-version': 1,
    'mud-url': url,
    'last-update': lastUpdate ?? '1970-01-01T00:00:00+00:00',
    'cache-validity': 48,
    'is-supported': true,
    // RFC 8520 §2.1: systeminfo is a string of 1..60 characters.
    systeminfo: `${first.model ?? first.family ?? 'device'} (iotwarden, ${devices.length} seen)`.slice(0, 60),
  };
  if (first.vendor) mud['mfg-name'] = first.vendor;
  if (first.model) mud['model-name'] = first.model;
  mud['from-device-policy'] = { 'access-lists': { 'access-list': policies.from.map((name) => ({ name })) } };
  mud['to-device-policy'] = { 'access-lists': { 'access-list': policies.to.map((name) => ({ name })) } };
  return { 'ietf-mud:mud': mud, 'ietf-access-control-list:acls': { acl: acls } };
}

/** The ACEs of one rule for one address family: one per protocol and port. */
function acesOf(
  rule: CompiledRule,
  version: 'v4' | 'v6',
  side: 'from' | 'to',
  url: string,
  prefix: string,
  warnings: string[],
): Ace[] {
  const ip = version === 'v4' ? 'ipv4' : 'ipv6';
  const peers = peerMatches(rule, version, side, url);
  if (rule.target.kind === 'addresses' && peers.length === 0 && version === 'v4' && rule.target.v6.length > 0) {
    warnings.push(`${rule.origin} ${rule.label}: only IPv6 addresses`);
  }
  const icmp = version === 'v4' ? 1 : 58;
  return peers.flatMap((peer, a) =>
    rule.ports
      .filter((port) => port.protocol === 6 || port.protocol === 17 || port.protocol === icmp)
      .map((port, p) => {
        const matches: Record<string, unknown> = {};
        if (peer.mud) matches['ietf-mud:mud'] = peer.mud;
        matches[ip] = { ...peer.ip, protocol: port.protocol };
        const l4 = l4Match(port, rule);
        if (l4) matches[port.protocol === 6 ? 'tcp' : 'udp'] = l4;
        return { name: `${prefix}-${a}-${p}`, matches, actions: { forwarding: 'accept' } };
      }),
  );
}

interface PeerMatch {
  ip: Record<string, unknown>;
  mud?: Record<string, unknown>;
}

/** Who the peer is, as MUD says it; abstractions are family-neutral and written once (in the IPv4 ACL). */
function peerMatches(rule: CompiledRule, version: 'v4' | 'v6', side: 'from' | 'to', url: string): PeerMatch[] {
  const target = rule.target;
  if (target.kind === 'name') {
    return [{ ip: { [side === 'from' ? 'ietf-acldns:dst-dnsname' : 'ietf-acldns:src-dnsname']: target.name } }];
  }
  const abstraction = abstractionOf(rule, url);
  if (abstraction) return version === 'v4' ? [{ ip: {}, mud: abstraction }] : [];
  const list = version === 'v4' ? target.v4 : target.v6;
  const key = `${side === 'from' ? 'destination' : 'source'}-${version === 'v4' ? 'ipv4' : 'ipv6'}-network`;
  return list.map((entry) => ({
    ip: { [key]: entry.includes('/') ? entry : `${entry}/${version === 'v4' ? 32 : 128}` },
  }));
}

function abstractionOf(rule: CompiledRule, url: string): Record<string, unknown> | undefined {
  if (['default dns', 'default ntp', 'default dhcp'].includes(rule.origin)) return { 'local-networks': [null] };
  if (!rule.label.startsWith('role ')) return undefined;
  const role = rule.label.slice(5);
  return role === 'same-model' ? { model: url } : { controller: `urn:iotwarden:role:${role}` };
}

/** The device's port for traffic to it, the peer's for traffic from it: always the destination port. */
function l4Match(port: PortMatch, rule: CompiledRule): Record<string, unknown> | undefined {
  if (port.protocol !== 6 && port.protocol !== 17) return undefined;
  const match: Record<string, unknown> = {};
  if (port.port !== undefined) match['destination-port'] = { operator: 'eq', port: port.port };
  if (port.protocol === 6)
    match['ietf-mud:direction-initiated'] = rule.direction === 'outbound' ? 'from-device' : 'to-device';
  return match;
}

function dedupe(rules: CompiledRule[]): CompiledRule[] {
  const seen = new Map<string, CompiledRule>();
  for (const rule of rules) {
    const key = JSON.stringify([rule.direction, rule.target, rule.ports, rule.label]);
    if (!seen.has(key)) seen.set(key, rule);
  }
  return [...seen.values()];
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'device'
  );
}
