/**
 * Compiled policy → an nftables ruleset in a table of its own (`inet iotwarden`), plus the dnsmasq `nftset=` lines
 * that fill its DNS-named sets as the router's resolver answers (dnsmasq(8) --nftset; an entry matches the name and
 * every name below it). Per device: a set of its MACs (`ether_addr`) and of its addresses, an `out` chain for what
 * it opens and an `in` chain for what others open to it, each ending in a rate-limited log and a named counter
 * before the drop. A conversation between two confined devices must pass the receiver's `in` chain (which returns)
 * and the sender's `out` chain (which accepts). Byte-stable: the same policy and inventory give the same text.
 */
import type { CompiledDevice, CompiledPolicy, CompiledRule, PortMatch } from './compile-policy.ts';

export const NFT_TABLE = 'iotwarden';

export interface NftablesExport {
  ruleset: string;
  /** dnsmasq configuration lines (`nftset=/name/4#inet#iotwarden#n1_v4,6#inet#iotwarden#n1_v6`). */
  dnsmasq: string;
  warnings: string[];
}

interface NameSet {
  name: string;
  id: string;
}

export function exportNftables(policy: CompiledPolicy): NftablesExport {
  const warnings = [...policy.warnings];
  const names = nameSets(policy);
  const lines = [
    '# iotwarden zero-trust ruleset: iotwarden policy export --format nftables. Load with: nft -f FILE',
    '# The n*_v4/n*_v6 sets are filled by dnsmasq (the nftset= lines exported with this file).',
    `table inet ${NFT_TABLE} {`,
  ];
  for (const set of names.values()) {
    lines.push(`\tset ${set.id}_v4 {`, '\t\ttype ipv4_addr', `\t\tcomment "${set.name}"`, '\t}');
    lines.push(`\tset ${set.id}_v6 {`, '\t\ttype ipv6_addr', `\t\tcomment "${set.name}"`, '\t}');
  }
  policy.devices.forEach((device, i) => {
    lines.push(...deviceSets(device, `d${i + 1}`));
  });
  policy.devices.forEach((device, i) => {
    lines.push(...deviceChains(device, `d${i + 1}`, names, warnings));
  });
  lines.push(...hookChain('forward', policy.devices, true), ...hookChain('input', policy.devices, false), '}');
  const dnsmasq = [...names.values()].map(
    (set) => `nftset=/${set.name}/4#inet#${NFT_TABLE}#${set.id}_v4,6#inet#${NFT_TABLE}#${set.id}_v6`,
  );
  return {
    ruleset: `${lines.join('\n')}\n`,
    dnsmasq: `# iotwarden: fill the ruleset's DNS-named sets as names resolve (dnsmasq --nftset)\n${dnsmasq.join('\n')}\n`,
    warnings: [...new Set(warnings)],
  };
}

/** One pair of sets per DNS name any rule uses, numbered in name order. */
function nameSets(policy: CompiledPolicy): Map<string, NameSet> {
  const all = new Set<string>();
  for (const device of policy.devices) {
    for (const rule of device.rules) if (rule.target.kind === 'name') all.add(rule.target.name);
  }
  return new Map([...all].sort().map((name, i) => [name, { name, id: `n${i + 1}` }]));
}

function deviceSets(device: CompiledDevice, id: string): string[] {
  const { mac, address } = device.device;
  const v6 = address.includes(':');
  const lines = [`\t# ${id}: device ${device.device.id} (${device.mode})`];
  lines.push(`\tset ${id}_mac {`, '\t\ttype ether_addr');
  if (mac) lines.push(`\t\telements = { ${mac.toLowerCase()} }`);
  lines.push('\t}', `\tset ${id}_v4 {`, '\t\ttype ipv4_addr');
  if (!v6) lines.push(`\t\telements = { ${address} }`);
  lines.push('\t}', `\tset ${id}_v6 {`, '\t\ttype ipv6_addr');
  if (v6) lines.push(`\t\telements = { ${address} }`);
  lines.push('\t}', `\tcounter ${id}_drop {`, '\t}');
  return lines;
}

function deviceChains(device: CompiledDevice, id: string, names: Map<string, NameSet>, warnings: string[]): string[] {
  const out: string[] = [];
  const inbound: string[] = [];
  for (const rule of device.rules) {
    if (rule.direction === 'outbound') out.push(...ruleLines(rule, 'daddr', names, 'accept'));
    else if (rule.target.kind === 'name') {
      warnings.push(`${device.device.id} ${rule.origin}: an inbound entry cannot name a DNS name; left out`);
    } else inbound.push(...ruleLines(rule, 'saddr', names, 'return'));
  }
  const tail = (direction: string): string[] => [
    `\t\tlimit rate 10/minute burst 5 packets log prefix "iotwarden drop ${id} ${direction}: " level info`,
    `\t\tcounter name "${id}_drop" drop`,
    '\t}',
  ];
  return [
    `\tchain ${id}_out {`,
    ...out.map((l) => `\t\t${l}`),
    ...tail('out'),
    `\tchain ${id}_in {`,
    ...inbound.map((l) => `\t\t${l}`),
    ...tail('in'),
  ];
}

/** The nft statements of one rule: one per address family and protocol (ports of one protocol share a set). */
function ruleLines(
  rule: CompiledRule,
  side: 'daddr' | 'saddr',
  names: Map<string, NameSet>,
  verdict: 'accept' | 'return',
): string[] {
  const comment = `comment "${rule.origin} ${rule.label.replace(/[^\x20-\x7e]|"/g, '?').slice(0, 100)}"`;
  const matches: string[] = [];
  if (rule.target.kind === 'name') {
    const set = names.get(rule.target.name)!;
    matches.push(`ip ${side} @${set.id}_v4`, `ip6 ${side} @${set.id}_v6`);
  } else {
    if (rule.target.v4.length > 0) matches.push(`ip ${side} { ${rule.target.v4.join(', ')} }`);
    if (rule.target.v6.length > 0) matches.push(`ip6 ${side} { ${rule.target.v6.join(', ')} }`);
    if (side === 'saddr' && rule.target.macs.length > 0) matches.push(`ether saddr { ${rule.target.macs.join(', ')} }`);
  }
  return matches.flatMap((match) =>
    portClauses(rule.ports, match).map((ports) => `${match} ${ports} counter ${verdict} ${comment}`),
  );
}

function portClauses(ports: readonly PortMatch[], match: string): string[] {
  const clauses: string[] = [];
  for (const protocol of [6, 17]) {
    const name = protocol === 6 ? 'tcp' : 'udp';
    const of = ports.filter((p) => p.protocol === protocol);
    if (of.length === 0) continue;
    if (of.some((p) => p.port === undefined)) clauses.push(`meta l4proto ${name}`);
    else {
      const list = [...new Set(of.map((p) => p.port!))].sort((a, b) => a - b);
      clauses.push(list.length === 1 ? `${name} dport ${list[0]}` : `${name} dport { ${list.join(', ')} }`);
    }
  }
  const v6 = match.startsWith('ip6 ');
  if (ports.some((p) => p.protocol === 1) && !v6) clauses.push('meta l4proto icmp');
  if (ports.some((p) => p.protocol === 58) && (v6 || match.startsWith('ether'))) clauses.push('meta l4proto ipv6-icmp');
  return clauses;
}

function hookChain(hook: 'forward' | 'input', devices: readonly CompiledDevice[], withInbound: boolean): string[] {
  const lines = [
    `\tchain ${hook} {`,
    `\t\ttype filter hook ${hook} priority filter; policy accept;`,
    '\t\tct state established,related accept',
  ];
  devices.forEach((_, i) => {
    const id = `d${i + 1}`;
    if (withInbound) lines.push(`\t\tip daddr @${id}_v4 jump ${id}_in`, `\t\tip6 daddr @${id}_v6 jump ${id}_in`);
  });
  devices.forEach((_, i) => {
    const id = `d${i + 1}`;
    lines.push(
      `\t\tether saddr @${id}_mac jump ${id}_out`,
      `\t\tip saddr @${id}_v4 jump ${id}_out`,
      `\t\tip6 saddr @${id}_v6 jump ${id}_out`,
    );
  });
  lines.push('\t}');
  return lines;
}
