/**
 * Compiled policy → OpenWrt fw4 configuration: UCI `config ipset` and `config rule` sections for /etc/config/firewall
 * (fw4 turns them into nftables), `config ipset` sections for /etc/config/dhcp so dnsmasq fills the DNS-named sets
 * (OpenWrt 22.03+), and an nft include for what UCI cannot say: a named drop counter per device, and the per-device
 * drop placed after that device's accepts (fw4 orders rules as written, so the file keeps accepts first).
 * Zones: devices are in `lan` unless the plan put them elsewhere; the internet is `wan`. Devices on one bridge talk
 * without the router seeing it: confinement between them needs a separate IoT network (iotwarden segment plan).
 */
import type { CompiledDevice, CompiledPolicy, CompiledRule, PortMatch } from './compile-policy.ts';

export interface OpenWrtExport {
  files: Record<string, string>;
  warnings: string[];
}

export function exportOpenWrt(policy: CompiledPolicy, options: { zone?: string } = {}): OpenWrtExport {
  const zone = options.zone ?? 'lan';
  const names = [
    ...new Set(
      policy.devices.flatMap((d) => d.rules.flatMap((r) => (r.target.kind === 'name' ? [r.target.name] : []))),
    ),
  ].sort();
  const setOf = new Map(names.map((name, i) => [name, `iw_n${i + 1}`]));
  const firewall: string[] = [
    '# iotwarden zero-trust rules for fw4: append to /etc/config/firewall, then: service firewall restart',
    '',
  ];
  const dhcp: string[] = ['# iotwarden: append to /etc/config/dhcp so dnsmasq fills the DNS-named sets', ''];
  for (const [name, set] of setOf) {
    firewall.push(`config ipset`, `\toption name '${set}'`, `\toption family 'ipv4'`, `\tlist match 'dest_ip'`, '');
    dhcp.push('config ipset', `\tlist name '${set}'`, `\tlist domain '${name}'`, '');
  }
  const include: string[] = ['# iotwarden: per-device drop counters (fw4 include, /etc/nftables.d/10-iotwarden.nft)'];
  policy.devices.forEach((device, i) => {
    firewall.push(...deviceRules(device, `iw_d${i + 1}`, zone, setOf));
    include.push(`counter iw_d${i + 1}_drop {`, `\tcomment "device ${device.device.id}"`, '}');
  });
  firewall.push(
    '# the nft include with the named counters',
    'config include',
    "\toption type 'nftables'",
    "\toption path '/etc/nftables.d/10-iotwarden.nft'",
    "\toption position 'table-pre'",
    '',
  );
  return {
    files: {
      'firewall.uci': `${firewall.join('\n')}`,
      'dhcp.uci': `${dhcp.join('\n')}`,
      '10-iotwarden.nft': `${include.join('\n')}\n`,
    },
    warnings: [...policy.warnings],
  };
}

function deviceRules(device: CompiledDevice, id: string, zone: string, sets: Map<string, string>): string[] {
  const lines: string[] = [`# ${id}: device ${device.device.id} (${device.mode})`];
  const src = device.device.mac
    ? `\toption src_mac '${device.device.mac.toLowerCase()}'`
    : `\toption src_ip '${device.device.address}'`;
  device.rules.forEach((rule, r) => {
    if (rule.direction !== 'outbound') {
      lines.push(...inboundRule(rule, `${id}_in${r}`, zone, device));
      return;
    }
    for (const [proto, ports] of protocols(rule.ports)) {
      lines.push(
        'config rule',
        `\toption name '${id}_out${r}_${proto}'`,
        `\toption src '${zone}'`,
        "\toption dest '*'",
        src,
      );
      if (rule.target.kind === 'name') lines.push(`\toption ipset '${sets.get(rule.target.name)} dest_ip'`);
      else for (const address of [...rule.target.v4, ...rule.target.v6]) lines.push(`\tlist dest_ip '${address}'`);
      lines.push(`\toption proto '${proto}'`);
      if (ports) lines.push(`\toption dest_port '${ports}'`);
      lines.push("\toption target 'ACCEPT'", '');
    }
  });
  lines.push('config rule', `\toption name '${id}_drop'`, `\toption src '${zone}'`, "\toption dest '*'", src);
  lines.push("\toption target 'DROP'", "\toption log '1'", '');
  return lines;
}

function inboundRule(rule: CompiledRule, name: string, zone: string, device: CompiledDevice): string[] {
  if (rule.target.kind === 'name') return [];
  const lines: string[] = [];
  for (const [proto, ports] of protocols(rule.ports)) {
    lines.push('config rule', `\toption name '${name}_${proto}'`, `\toption src '*'`, `\toption dest '${zone}'`);
    for (const address of [...rule.target.v4, ...rule.target.v6]) lines.push(`\tlist src_ip '${address}'`);
    lines.push(`\toption dest_ip '${device.device.address}'`, `\toption proto '${proto}'`);
    if (ports) lines.push(`\toption dest_port '${ports}'`);
    lines.push("\toption target 'ACCEPT'", '');
  }
  return lines;
}

/** Ports grouped per protocol as fw4 writes them (`443 80`); undefined for any port. */
function protocols(ports: readonly PortMatch[]): Array<[string, string | undefined]> {
  const out: Array<[string, string | undefined]> = [];
  for (const [protocol, name] of [
    [6, 'tcp'],
    [17, 'udp'],
    [1, 'icmp'],
  ] as const) {
    const of = ports.filter((p) => p.protocol === protocol);
    if (of.length === 0) continue;
    const any = of.some((p) => p.port === undefined);
    out.push([name, any ? undefined : [...new Set(of.map((p) => p.port!))].sort((a, b) => a - b).join(' ')]);
  }
  return out;
}
