import { describe, expect, it } from 'vitest';
import type { CompiledPolicy } from './compile-policy.ts';
import { exportMud } from './export-mud.ts';

/**
 * The structure of RFC 8520 §2.1 (ietf-mud tree), RFC 8519 §3 (ietf-access-control-list tree, the ipv4/ipv6/tcp/udp
 * match containers) and RFC 8520 §5-6 (the ietf-mud and ietf-acldns augmentations), as allowed keys per node.
 * Every key the export writes must be one of these, with the value types the YANG says.
 */
const MUD_KEYS = new Set([
  'mud-version',
  'mud-url',
  'last-update',
  'mud-signature',
  'cache-validity',
  'is-supported',
  'systeminfo',
  'mfg-name',
  'model-name',
  'firmware-rev',
  'software-rev',
  'documentation',
  'extensions',
  'from-device-policy',
  'to-device-policy',
]);
const ACE_MATCH_KEYS = new Set([
  'eth',
  'ipv4',
  'ipv6',
  'tcp',
  'udp',
  'icmp',
  'ietf-mud:mud',
  'egress-interface',
  'ingress-interface',
]);
const IP_KEYS = {
  ipv4: new Set([
    'dscp',
    'ecn',
    'length',
    'ttl',
    'protocol',
    'ihl',
    'flags',
    'offset',
    'identification',
    'destination-ipv4-network',
    'source-ipv4-network',
    'ietf-acldns:src-dnsname',
    'ietf-acldns:dst-dnsname',
  ]),
  ipv6: new Set([
    'dscp',
    'ecn',
    'length',
    'ttl',
    'protocol',
    'destination-ipv6-network',
    'source-ipv6-network',
    'flow-label',
    'ietf-acldns:src-dnsname',
    'ietf-acldns:dst-dnsname',
  ]),
};
const L4_KEYS = {
  tcp: new Set([
    'sequence-number',
    'acknowledgement-number',
    'data-offset',
    'reserved',
    'flags',
    'window-size',
    'urgent-pointer',
    'options',
    'source-port',
    'destination-port',
    'ietf-mud:direction-initiated',
  ]),
  udp: new Set(['length', 'source-port', 'destination-port']),
};
const MUD_MATCH_KEYS = new Set([
  'manufacturer',
  'same-manufacturer',
  'model',
  'local-networks',
  'controller',
  'my-controller',
]);

function keysWithin(value: object, allowed: Set<string>, where: string): void {
  for (const key of Object.keys(value)) expect(allowed.has(key), `${where}.${key}`).toBe(true);
}

function validateMud(file: unknown): void {
  const root = file as Record<string, unknown>;
  expect(Object.keys(root).sort()).toEqual(['ietf-access-control-list:acls', 'ietf-mud:mud']);
  const mud = root['ietf-mud:mud'] as Record<string, unknown>;
  keysWithin(mud, MUD_KEYS, 'mud');
  expect(mud['mud-version']).toBe(1);
  expect(String(mud['mud-url'])).toMatch(/^https:\/\//);
  expect(String(mud['last-update'])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/);
  expect(mud['cache-validity']).toBeGreaterThanOrEqual(1);
  expect(mud['cache-validity']).toBeLessThanOrEqual(168);
  expect(String(mud.systeminfo).length).toBeLessThanOrEqual(60);
  const acls = (root['ietf-access-control-list:acls'] as { acl: Array<Record<string, unknown>> }).acl;
  const names = new Set(acls.map((acl) => acl.name));
  for (const side of ['from-device-policy', 'to-device-policy']) {
    const list = (mud[side] as { 'access-lists': { 'access-list': Array<{ name: string }> } })['access-lists'][
      'access-list'
    ];
    for (const ref of list) expect(names.has(ref.name), `${side} → ${ref.name}`).toBe(true);
  }
  for (const acl of acls) {
    keysWithin(acl, new Set(['name', 'type', 'aces']), 'acl');
    expect(['ipv4-acl-type', 'ipv6-acl-type']).toContain(acl.type);
    const ip = acl.type === 'ipv4-acl-type' ? 'ipv4' : 'ipv6';
    for (const ace of (acl.aces as { ace: Array<Record<string, Record<string, unknown>>> }).ace) {
      keysWithin(ace, new Set(['name', 'matches', 'actions']), 'ace');
      expect(ace.actions).toEqual({ forwarding: 'accept' });
      const matches = ace.matches as Record<string, Record<string, unknown>>;
      keysWithin(matches, ACE_MATCH_KEYS, `${acl.name}.matches`);
      expect(matches[ip === 'ipv4' ? 'ipv6' : 'ipv4'], `${acl.name}: wrong family`).toBeUndefined();
      keysWithin(matches[ip]!, IP_KEYS[ip], `${acl.name}.${ip}`);
      expect([1, 6, 17, 58]).toContain(matches[ip]!.protocol);
      for (const l4 of ['tcp', 'udp'] as const) {
        if (!matches[l4]) continue;
        keysWithin(matches[l4], L4_KEYS[l4], `${acl.name}.${l4}`);
        expect(matches[ip]!.protocol).toBe(l4 === 'tcp' ? 6 : 17);
        const port = matches[l4]['destination-port'] as { operator: string; port: number } | undefined;
        if (port) expect(port.operator).toBe('eq');
      }
      if (matches.tcp) expect(['from-device', 'to-device']).toContain(matches.tcp['ietf-mud:direction-initiated']);
      if (matches['ietf-mud:mud']) keysWithin(matches['ietf-mud:mud'], MUD_MATCH_KEYS, `${acl.name}.mud`);
    }
  }
}

const device = (id: string, model: string) => ({
  id,
  name: id,
  mac: undefined,
  address: '192.168.1.30',
  family: 'kasa-legacy',
  vendor: 'TP-Link',
  model,
  camera: false,
});

const POLICY: CompiledPolicy = {
  warnings: [],
  devices: [
    {
      device: device('dev-1', 'HS100'),
      mode: 'learned',
      rules: [
        {
          direction: 'outbound',
          target: { kind: 'name', name: 'n-devs.tplinkcloud.com', suffix: false },
          ports: [{ protocol: 6, port: 443 }],
          origin: 'allow[0]',
          label: 'n-devs.tplinkcloud.com',
        },
        {
          direction: 'outbound',
          target: { kind: 'addresses', v4: ['192.168.1.1'], v6: [], macs: [] },
          ports: [
            { protocol: 17, port: 53 },
            { protocol: 6, port: 53 },
          ],
          origin: 'default dns',
          label: 'router DNS',
        },
        {
          direction: 'inbound',
          target: { kind: 'addresses', v4: ['192.168.1.2'], v6: [], macs: [] },
          ports: [{ protocol: 6, port: 9999 }],
          origin: 'allow[1]',
          label: 'role home-assistant',
        },
        {
          direction: 'outbound',
          target: { kind: 'addresses', v4: ['203.0.113.0/24'], v6: ['2001:db8::/32'], macs: [] },
          ports: [
            { protocol: 17, port: undefined },
            { protocol: 1, port: undefined },
          ],
          origin: 'allow[2]',
          label: '203.0.113.0/24',
        },
      ],
    },
    { device: device('dev-2', 'HS100'), mode: 'learned', rules: [] },
  ],
};

describe('RFC 8520 MUD export', () => {
  it('writes one file per model whose structure follows the ietf-mud and ietf-access-control-list YANG trees', () => {
    const result = exportMud(POLICY, { lastUpdate: '2026-11-20T12:00:00+00:00' });
    expect(Object.keys(result.files)).toEqual(['hs100.mud.json']);
    const file = JSON.parse(result.files['hs100.mud.json']!);
    validateMud(file);
    const aces = file['ietf-access-control-list:acls'].acl.flatMap((acl: { aces: { ace: unknown[] } }) => acl.aces.ace);
    expect(aces).toContainEqual(
      expect.objectContaining({
        matches: {
          ipv4: { 'ietf-acldns:dst-dnsname': 'n-devs.tplinkcloud.com', protocol: 6 },
          tcp: { 'destination-port': { operator: 'eq', port: 443 }, 'ietf-mud:direction-initiated': 'from-device' },
        },
      }),
    );
    expect(aces).toContainEqual(
      expect.objectContaining({
        matches: expect.objectContaining({ 'ietf-mud:mud': { controller: 'urn:iotwarden:role:home-assistant' } }),
      }),
    );
    expect(aces).toContainEqual(
      expect.objectContaining({ matches: expect.objectContaining({ 'ietf-mud:mud': { 'local-networks': [null] } }) }),
    );
    expect(exportMud(POLICY, { lastUpdate: '2026-11-20T12:00:00+00:00' })).toEqual(result);
  });

  it('the structure check fails on a key the YANG does not have', () => {
    const file = JSON.parse(exportMud(POLICY).files['hs100.mud.json']!);
    file['ietf-mud:mud'].vendor = 'x';
    expect(() => validateMud(file)).toThrow();
  });
});
