import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_UDP_PROBES } from '../../src/families/index.ts';
import { kasaLegacyCall } from '../../src/families/kasa-legacy/transport.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { type DiscoveredHost, discoverHosts } from '../../src/net/discover.ts';
import { portResolverFrom } from '../../src/net/port-overrides.ts';
import { parseTargets } from '../../src/net/targets.ts';
import { testNetwork } from '../support/addresses.ts';
import { sharedFixturePath } from '../support/shared-fixtures.ts';

/**
 * What a scanner meets when it asks the lab's devices the standard discovery questions: unicast mDNS with the real
 * service types and TXT records, SSDP where the real device speaks it, and captures replayed from a scenario.
 */
const prefix = testNetwork().replace(/\.0\/24$/, '');
const fixture = sharedFixturePath('kasa/iot/HS110(US)_1.0_1.2.6.json');
let lab: RunningLab;
let hosts: Map<string, DiscoveredHost>;

beforeAll(async () => {
  const scenario = buildScenario(
    {
      devices: [
        { name: 'porch-light', kind: 'shelly-gen2', address: `${prefix}.10` },
        { name: 'hue-bridge', kind: 'hue-bridge', address: `${prefix}.11` },
        { name: 'esphome-sensor', kind: 'esphome', address: `${prefix}.12`, encryption: 'noise' },
        { name: 'router', kind: 'router', address: `${prefix}.13` },
        { name: 'replayed-plug', kind: 'kasa-iot', address: `${prefix}.14`, fixture },
      ],
    },
    { file: '<discovery>', baseDir: process.cwd() },
  );
  lab = await startLab(scenario);
  const resolvePort = portResolverFrom([{ pid: process.pid, startedAt: '', devices: lab.devices }]);
  const found = await discoverHosts({
    udpProbes: { vendor: FAMILY_UDP_PROBES },
    targets: parseTargets([`${prefix}.0/24`]),
    ports: [80, 443, 6053, 9999],
    connectPort: resolvePort,
    neighbours: false,
  });
  hosts = new Map(found.map((h) => [h.address, h]));
}, 30_000);

afterAll(async () => {
  await lab?.stop();
});

describe('lab devices answer discovery as the real ones do', () => {
  it('a Shelly Gen2 announces _shelly._tcp with its generation and id', () => {
    const shelly = hosts.get(`${prefix}.10`)!.mdns.find((s) => s.type === '_shelly._tcp');
    expect(shelly).toBeDefined();
    expect(shelly!.txt.gen).toBe('2');
    expect(shelly!.txt.id).toMatch(/^shelly/);
  });

  it('a Hue bridge answers both mDNS (_hue._tcp with its bridge id) and SSDP', () => {
    const hue = hosts.get(`${prefix}.11`)!;
    expect(hue.mdns.find((s) => s.type === '_hue._tcp')?.txt.bridgeid).toMatch(/^[0-9a-f]{16}$/i);
    expect(hue.udp.ssdp?.some((answer) => answer['hue-bridgeid'] !== undefined)).toBe(true);
  });

  it('an ESPHome node with encryption says so in its TXT record', () => {
    const node = hosts.get(`${prefix}.12`)!.mdns.find((s) => s.type === '_esphomelib._tcp');
    expect(node?.txt.api_encryption).toBeDefined();
  });

  it('the router answers SSDP as an Internet Gateway Device', () => {
    const answers = hosts.get(`${prefix}.13`)!.udp.ssdp ?? [];
    expect(answers.some((a) => (a.st ?? '').includes('InternetGatewayDevice'))).toBe(true);
  });

  it('a scenario that names a python-kasa capture serves that device', async () => {
    const plug = lab.device('replayed-plug');
    const port = plug.ports.find((p) => p.port === 9999 && p.transport === 'tcp')!.actual;
    const answer = (await kasaLegacyCall(
      plug.address,
      port,
      { system: { get_sysinfo: {} } },
      {
        signal: AbortSignal.timeout(3000),
        timeoutMs: 2000,
        maxBytes: 1 << 20,
      },
    )) as { system: { get_sysinfo: { model: string; sw_ver: string } } };
    expect(answer.system.get_sysinfo.model).toBe('HS110(US)');
    expect(answer.system.get_sysinfo.sw_ver).toBe('1.2.6 Build 200727 Rel.121701');
    expect(hosts.get(plug.address)?.udp.answers.kasa).toBeDefined();
  });
});
