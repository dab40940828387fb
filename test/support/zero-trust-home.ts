/**
 * A small home for the zero-trust tests: inventory devices with roles, eight days of conversations and the DNS
 * answers that name their destinations. Addresses are RFC 1918 / RFC 5737 values inside a database file only;
 * nothing here touches the network.
 */
import { emptyDeviceFacts, type HostFacts } from '../../src/families/facts.ts';
import type { Conversation } from '../../src/sources/flows/conversation.ts';
import type { Store } from '../../src/store/index.ts';
import type { HostScanResult } from '../../src/store/types.ts';

export const DAY_MS = 86_400_000;
/** The home's "now": a fixed instant, so every run learns the same profiles. */
export const NOW_MS = Date.UTC(2026, 10, 20, 12);

export const ROLES = {
  router: ['192.168.1.1'],
  'home-assistant': ['home-assistant'],
  'owner-devices': ['phone'],
};

interface DeviceSpec {
  name: string;
  address: string;
  mac: string;
  family?: 'kasa-legacy' | 'shelly-gen2';
  vendor?: string;
  model?: string;
  rtsp?: boolean;
}

export const DEVICES: DeviceSpec[] = [
  { name: 'home-assistant', address: '192.168.1.2', mac: '02:00:00:00:00:02' },
  { name: 'phone', address: '192.168.1.3', mac: '02:00:00:00:00:03' },
  {
    name: 'coffee-maker',
    address: '192.168.1.30',
    mac: '02:00:00:00:00:30',
    family: 'kasa-legacy',
    vendor: 'TP-Link',
    model: 'HS100',
  },
  {
    name: 'plug-a',
    address: '192.168.1.40',
    mac: '02:00:00:00:00:40',
    family: 'shelly-gen2',
    vendor: 'Shelly',
    model: 'SNPL-00112EU',
  },
  {
    name: 'plug-b',
    address: '192.168.1.41',
    mac: '02:00:00:00:00:41',
    family: 'shelly-gen2',
    vendor: 'Shelly',
    model: 'SNPL-00112EU',
  },
  { name: 'camera', address: '192.168.1.50', mac: '02:00:00:00:00:50', vendor: 'Hipcam', rtsp: true },
];

function hostOf(spec: DeviceSpec): HostScanResult {
  const facts: HostFacts = {
    address: spec.address,
    mac: spec.mac,
    sources: ['tcp'],
    hostname: spec.name,
    services: spec.rtsp ? [{ port: 554, transport: 'tcp', name: 'rtsp', auth: 'required' }] : [],
  };
  if (spec.family) {
    const device = emptyDeviceFacts(spec.family, spec.vendor ?? '');
    device.name = spec.name;
    if (spec.model) device.model = spec.model;
    facts.device = device;
  } else if (spec.vendor) facts.macVendor = spec.vendor;
  return { host: facts, findings: [], skipped: [], score: 90 };
}

/** [initiator, responder, protocol, port, flows per day] */
type Talk = [string, string, number, number, number];

export const TALKS: Talk[] = [
  ['192.168.1.30', '198.51.100.10', 6, 443, 20],
  ['192.168.1.30', '192.168.1.1', 17, 53, 30],
  ['192.168.1.3', '192.168.1.30', 6, 9999, 5],
  ['192.168.1.2', '192.168.1.30', 6, 9999, 10],
  ['192.168.1.40', '192.0.2.1', 6, 6022, 4],
  ['192.168.1.40', '192.0.2.2', 6, 6022, 4],
  ['192.168.1.40', '192.0.2.3', 6, 6022, 4],
  ['192.168.1.40', '224.0.0.251', 17, 5353, 12],
  ['192.168.1.40', '192.168.1.41', 6, 80, 2],
  ['192.168.1.2', '192.168.1.40', 6, 80, 24],
  ['192.168.1.50', '203.0.113.66', 6, 443, 40],
  ['192.168.1.50', '203.0.113.80', 17, 10001, 6],
];

export const ANSWERS: Array<[string, string]> = [
  ['n-devs.tplinkcloud.com', '198.51.100.10'],
  ['shelly-9-eu.shelly.cloud', '192.0.2.1'],
  ['shelly-91-eu.shelly.cloud', '192.0.2.2'],
  ['shelly-11-eu.shelly.cloud', '192.0.2.3'],
  ['tracker.example', '203.0.113.66'],
  ['evil.example', '203.0.113.99'],
];

export function conversations(talks: readonly Talk[], fromDay: number, toDay: number): Conversation[] {
  const out: Conversation[] = [];
  for (let d = fromDay; d < toDay; d++) {
    const bucketMs = NOW_MS - (d + 1) * DAY_MS - ((NOW_MS - (d + 1) * DAY_MS) % 3_600_000);
    for (const [initiator, responder, protocol, port, flows] of talks) {
      out.push({
        bucketMs,
        initiator,
        responder,
        protocol,
        port,
        initiatorMac: undefined,
        responderMac: undefined,
        flows,
        replies: 0,
        packets: flows * 4,
        bytes: flows * 400,
        firstMs: bucketMs + 1000,
        lastMs: bucketMs + 2000,
      });
    }
  }
  return out;
}

/** Fills a store: the inventory, eight days of flows and the DNS answers. */
export async function seedZeroTrustHome(store: Store): Promise<void> {
  await store.recordScan({
    startedMs: NOW_MS - 9 * DAY_MS,
    finishedMs: NOW_MS - 9 * DAY_MS + 1000,
    targets: ['192.168.1.0/24'],
    ports: 'default',
    status: 'complete',
    hosts: DEVICES.map(hostOf),
  });
  const source = store.flows.source('netflow', 'test');
  store.flows.commit(source.id, conversations(TALKS, 0, 8), { nowMs: NOW_MS });
  store.dnsAnswers.record(
    ANSWERS.map(([domain, address]) => ({ domain, address, client: '', timeMs: NOW_MS - 8 * DAY_MS })),
  );
}
