import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_UDP_PROBES } from '../../src/families/index.ts';
import { kasaLegacyKind } from '../../src/families/kasa-legacy/simulator/kind.ts';
import { kasaSmartKind } from '../../src/families/kasa-smart/simulator/kind.ts';
import { shellyGen2Kind } from '../../src/families/shelly-gen2/simulator/kind.ts';
import { DeviceHost } from '../../src/lab/core/device-host.ts';
import { startMdnsResponder } from '../../src/lab/core/mdns-responder.ts';
import { startSsdpResponder } from '../../src/lab/core/ssdp-responder.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { type DiscoveryProgress, discoverHosts, toProbeTarget } from '../../src/net/discover.ts';
import { parseTargets } from '../../src/net/targets.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testAddress } from '../support/addresses.ts';

/**
 * A small home on loopback: a Kasa legacy plug, a Kasa smart plug, a Shelly Gen2 (port 80 shifted to 10080) with
 * its mDNS services, and a bare host that only answers SSDP. Three addresses in the range stay empty.
 */
const running: StartedSimulator[] = [];
const addresses: string[] = [];
let ssdpHost: DeviceHost;
let kasaIot: StartedSimulator;
let kasaSmart: StartedSimulator;
let shelly: StartedSimulator;
let leaseDir: string;

beforeAll(async () => {
  for (let i = 0; i < 7; i++) addresses.push(testAddress());
  const [a0, a1, a2, a3] = addresses as [string, string, string, string];
  kasaIot = await startSimulator(kasaLegacyKind, { address: a0, name: 'desk-lamp' });
  kasaSmart = await startSimulator(kasaSmartKind, { address: a1, name: 'heater' });
  shelly = await startSimulator(shellyGen2Kind, { address: a2, name: 'hall-light', portMode: 'shift' });
  running.push(kasaIot, kasaSmart, shelly);
  await startMdnsResponder(shelly.host, () => shelly.simulator.mdnsServices());
  ssdpHost = new DeviceHost({ deviceName: 'tv', address: a3, portMode: 'auto', log: silentLogger });
  await startSsdpResponder(ssdpHost, [
    {
      st: 'upnp:rootdevice',
      usn: 'uuid:tv-1::upnp:rootdevice',
      location: `http://${a3}:8008/dd.xml`,
      server: 'Linux UPnP/1.0',
    },
  ]);
  leaseDir = await mkdtemp(join(tmpdir(), 'iotwarden-leases-'));
}, 20_000);

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await ssdpHost?.close();
  if (leaseDir) await rm(leaseDir, { recursive: true, force: true });
});

function range(): string {
  const first = addresses[0] as string;
  const last = (addresses.at(-1) as string).split('.').at(-1);
  return `${first}-${last}`;
}

function connectPort(address: string, port: number, transport: 'tcp' | 'udp'): number {
  const sim = running.find((s) => s.host.address === address);
  return sim?.host.bindings().find((b) => b.port === port && b.transport === transport)?.actual ?? port;
}

describe('discoverHosts on a loopback home', () => {
  it('finds exactly the live hosts, with the evidence and answers adapters need', async () => {
    const events: DiscoveryProgress[] = [];
    const targets = parseTargets(range());
    const hosts = await discoverHosts({
      udpProbes: { vendor: FAMILY_UDP_PROBES },
      targets,
      ports: [80, 443, 9999, 8008],
      connectPort,
      neighbours: false,
      onProgress: (p) => events.push(p),
    });
    const [a0, a1, a2, a3] = addresses as [string, string, string, string];
    expect(hosts.map((h) => h.address)).toEqual([a0, a1, a2, a3]);
    const byAddress = new Map(hosts.map((h) => [h.address, h]));

    const iot = byAddress.get(a0);
    expect(iot?.aliveBy).toEqual(expect.arrayContaining(['tcp-open', 'udp:kasa']));
    expect(iot?.openTcpPorts).toContain(9999);
    expect(iot?.udp.answers.kasa).toMatchObject({ system: { get_sysinfo: { alias: 'desk-lamp' } } });

    const smart = byAddress.get(a1);
    expect(smart?.aliveBy).toContain('udp:tplink-smart');
    expect(smart?.udp.answers['tplink-smart']).toMatchObject({
      error_code: 0,
      result: { device_model: expect.any(String) },
    });

    // Port 80 was bound as 10080; discovery probes the mapped port and reports the real one.
    const gen2 = byAddress.get(a2);
    expect(shelly.portOf(80)).toBe(10080);
    expect(gen2?.openTcpPorts).toEqual([80]);
    expect(gen2?.aliveBy).toEqual(expect.arrayContaining(['tcp-open', 'mdns']));
    expect(gen2?.mdns.map((s) => s.type).sort()).toEqual(['_http._tcp', '_shelly._tcp']);
    expect(gen2?.hostname).toBeDefined();

    const tv = byAddress.get(a3);
    expect(tv?.aliveBy).toEqual(['ssdp']);
    expect(tv?.udp.ssdp?.[0]).toMatchObject({ st: 'upnp:rootdevice', server: 'Linux UPnP/1.0' });

    expect(events[0]?.phase).toBe('passive');
    expect(events.at(-1)).toMatchObject({ phase: 'done', probesDone: 28, probesTotal: 28, udpDone: true });

    const target = toProbeTarget(gen2!, connectPort);
    expect(target.openTcpPorts.has(80)).toBe(true);
    expect(target.connectPort(80)).toBe(10080);
  });

  it('adds unexpired DHCP leases inside the targets and ignores the rest', async () => {
    const [, , , , a4, a5] = addresses as string[];
    const future = Math.floor(Date.now() / 1000) + 3600;
    const file = join(leaseDir, 'dhcp.leases');
    await writeFile(
      file,
      [
        `${future} 00:17:88:01:02:03 ${a4} Philips-hue *`,
        `1 e8:db:84:00:00:01 ${a5} expired-plug *`,
        `${future} 50:c7:bf:00:00:09 192.168.1.9 outside *`,
      ].join('\n'),
    );
    const hosts = await discoverHosts({
      targets: parseTargets(range()),
      ports: [80],
      connectPort,
      neighbours: false,
      udpProbes: false,
      leaseFiles: [file],
    });
    const hue = hosts.find((h) => h.address === a4);
    expect(hue).toMatchObject({
      aliveBy: ['dhcp'],
      sources: [`dhcp:${file}`],
      mac: '00:17:88:01:02:03',
      vendor: 'Philips Lighting BV',
      hostname: 'Philips-hue',
    });
    expect(hosts.some((h) => h.address === a5 || h.address === '192.168.1.9')).toBe(false);
  });

  it('keeps what it found when cancelled', async () => {
    const controller = new AbortController();
    let cancelledAt = 0;
    const hosts = await discoverHosts({
      targets: parseTargets(range()),
      ports: Array.from({ length: 2000 }, (_, i) => 9000 + i),
      connectPort,
      neighbours: false,
      udpProbes: false,
      tcp: { concurrency: 8, hostGroupSize: 1 },
      onProgress: (p) => {
        if (p.hostsDone >= 1 && cancelledAt === 0) {
          cancelledAt = p.probesDone;
          controller.abort();
        }
      },
      signal: controller.signal,
    });
    expect(cancelledAt).toBeGreaterThan(0);
    const iot = hosts.find((h) => h.address === addresses[0]);
    expect(iot?.openTcpPorts).toEqual([9999]);
    expect(iot?.complete).toBe(true);
    expect(hosts.every((h) => h.address === addresses[0])).toBe(true);
  });
});
