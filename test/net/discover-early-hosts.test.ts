import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_UDP_PROBES } from '../../src/families/index.ts';
import { kasaLegacyKind } from '../../src/families/kasa-legacy/simulator/kind.ts';
import { DeviceHost } from '../../src/lab/core/device-host.ts';
import { startSsdpResponder } from '../../src/lab/core/ssdp-responder.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { type DiscoveredHost, discoverHosts } from '../../src/net/discover.ts';
import { parseTargets } from '../../src/net/targets.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testAddress } from '../support/addresses.ts';

/** A Kasa plug (TCP and UDP 9999), a host that only answers SSDP, and two empty addresses. */
const addresses: string[] = [];
let plug: StartedSimulator;
let tv: DeviceHost;

beforeAll(async () => {
  for (let i = 0; i < 4; i++) addresses.push(testAddress());
  const [a0, a1] = addresses as [string, string];
  plug = await startSimulator(kasaLegacyKind, { address: a0, name: 'desk-lamp' });
  tv = new DeviceHost({ deviceName: 'tv', address: a1, portMode: 'auto', log: silentLogger });
  await startSsdpResponder(tv, [
    { st: 'upnp:rootdevice', usn: 'uuid:tv-1::upnp:rootdevice', location: `http://${a1}:8008/dd.xml`, server: 'x' },
  ]);
}, 20_000);

afterAll(async () => {
  await plug?.stop();
  await tv?.close();
});

function connectPort(address: string, port: number, transport: 'tcp' | 'udp'): number {
  const host = address === plug.host.address ? plug.host : address === tv.address ? tv : undefined;
  return host?.bindings().find((b) => b.port === port && b.transport === transport)?.actual ?? port;
}

describe('discoverHosts onHost', () => {
  it('hands over each live host once, after the UDP sweeps, exactly as the final list has it', async () => {
    const [a0, a1] = addresses as [string, string];
    const early: DiscoveredHost[] = [];
    let udpDone = false;
    const udpDoneAtEmit: boolean[] = [];
    const hosts = await discoverHosts({
      udpProbes: { vendor: FAMILY_UDP_PROBES },
      targets: parseTargets(`${addresses[0]}-${(addresses[3] as string).split('.').at(-1)}`),
      ports: [80, 9999],
      connectPort,
      neighbours: false,
      onProgress: (p) => {
        udpDone = p.udpDone;
      },
      onHost: (host) => {
        early.push(structuredClone(host));
        udpDoneAtEmit.push(udpDone);
      },
    });
    expect(hosts.map((h) => h.address)).toEqual([a0, a1]);
    expect(early.map((h) => h.address).sort()).toEqual([a0, a1].sort());
    // The UDP evidence is part of each early host: the plug's sysinfo and the TV's SSDP answer.
    for (const host of hosts) expect(early.find((h) => h.address === host.address)).toEqual(host);
    expect(early.find((h) => h.address === a0)?.udp.answers.kasa).toBeDefined();
    expect(early.find((h) => h.address === a1)?.aliveBy).toEqual(['ssdp']);
    expect(udpDoneAtEmit.every(Boolean)).toBe(true);
  });

  it('hands over nothing once cancelled; the hosts cut short are only in the returned list', async () => {
    const controller = new AbortController();
    const early: string[] = [];
    const hosts = await discoverHosts({
      targets: parseTargets(`${addresses[0]}-${(addresses[3] as string).split('.').at(-1)}`),
      ports: [9999, ...Array.from({ length: 3000 }, (_, i) => 8000 + i)],
      connectPort,
      neighbours: false,
      udpProbes: false,
      tcp: { concurrency: 8, hostGroupSize: 1 },
      onProgress: (p) => {
        if (p.probesDone >= 100) controller.abort();
      },
      onHost: (host) => early.push(host.address),
      signal: controller.signal,
    });
    expect(early).toEqual([]);
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({ address: addresses[0], openTcpPorts: [9999], complete: false });
  });
});
