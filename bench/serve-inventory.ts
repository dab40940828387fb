/**
 * Inventories for the serve benchmarks, made fast without a lab: N devices recorded as one complete scan (facts,
 * findings and scores of the usual families), and optionally DNS rows imported from a generated Pi-hole database.
 */
import { join } from 'node:path';
import type { Finding, Severity } from '../src/checks/finding.ts';
import { scoreDevice } from '../src/checks/score.ts';
import { emptyDeviceFacts, type HostFacts } from '../src/families/facts.ts';
import { intToIp, ipToInt } from '../src/lab/scenario/address-allocation.ts';

const FAMILIES = [
  ['shelly-gen1', 'Shelly', 'SHSW-1'],
  ['shelly-gen2', 'Shelly', 'SNSW-001P16EU'],
  ['kasa-legacy', 'TP-Link', 'HS103(US)'],
  ['kasa-smart', 'TP-Link', 'P110'],
  ['hue', 'Signify', 'BSB002'],
  ['tasmota', 'Tasmota', 'Sonoff Basic'],
] as const;

const FINDINGS: Array<[string, Severity]> = [
  ['auth.no-login', 'critical'],
  ['transport.cleartext-admin', 'high'],
  ['firmware.update-available', 'medium'],
  ['cloud.enabled', 'low'],
];

function finding(checkId: string, severity: Severity, subject: string): Finding {
  return {
    checkId,
    severity,
    title: `${checkId} on ${subject}`,
    subject,
    detail: 'Generated for the benchmark.',
    evidence: [{ sent: 'GET /settings', received: '200 OK {"login":{"enabled":false}}' }],
    remediation: ['Set a password in the device app.'],
    references: ['ETSI EN 303 645 5.1-1'],
  };
}

/** Records `devices` devices (from 127.77.200.2 on) as one complete scan of the inventory at `file`. */
export async function recordSyntheticDevices(file: string, devices: number): Promise<void> {
  const { openStore } = await import('../src/store/index.ts');
  const store = await openStore(file);
  const base = ipToInt('127.77.200.0');
  try {
    const hosts = Array.from({ length: devices }, (_, i) => {
      const [family, vendor, model] = FAMILIES[i % FAMILIES.length]!;
      const address = intToIp(base + 2 + i + Math.floor(i / 253) * 3);
      const device = emptyDeviceFacts(family, vendor);
      device.model = model;
      device.name = `${family}-${i + 1}`;
      device.deviceId = `${family}-${String(i + 1).padStart(6, '0')}`;
      device.firmware.installed = '1.0.0';
      const mac =
        `02:00:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`.toUpperCase();
      const host: HostFacts = {
        address,
        mac,
        sources: ['tcp', 'arp'],
        services: [{ port: 80, transport: 'tcp', name: 'http', auth: 'none' }],
        device,
      };
      const findings = FINDINGS.slice(0, i % (FINDINGS.length + 1)).map(([id, severity]) =>
        finding(id, severity, address),
      );
      return { host, findings, skipped: [], score: scoreDevice(findings).score };
    });
    await store.recordScan({
      startedMs: Date.UTC(2026, 0, 31) - 60_000,
      finishedMs: Date.UTC(2026, 0, 31),
      targets: ['127.77.200.0/20'],
      ports: 'default',
      status: 'complete',
      hosts,
    });
  } finally {
    await store.close();
  }
}

/** Imports `queries` DNS queries (60 clients, 30 days, from the lab's traffic generator) into the inventory. */
export async function importSyntheticDns(file: string, dir: string, queries: number): Promise<number> {
  const { benchHomeTrafficClients, rateScaleFor } = await import('../src/lab/dns-traffic/bench-home-traffic.ts');
  const { createFtlDatabase, createFtlIndexes } = await import('../src/lab/dns-traffic/ftl-writer.ts');
  const { writeFtlTraffic } = await import('../src/lab/dns-traffic/lab-pihole-data.ts');
  const { openStore } = await import('../src/store/index.ts');
  const { importDns } = await import('../src/sources/import-dns.ts');
  const { FtlDbSource } = await import('../src/sources/pihole/ftl-db-source.ts');
  const ftl = join(dir, 'pihole-FTL.db');
  const clients = benchHomeTrafficClients(60);
  const endMs = Date.UTC(2026, 0, 31);
  const durationMs = 30 * 86_400_000;
  const db = createFtlDatabase(ftl, { bulk: true });
  writeFtlTraffic(db, clients, {
    startMs: endMs - durationMs,
    endMs,
    seed: 1,
    rateScale: rateScaleFor(clients, durationMs, queries * 1.01),
    limit: queries,
  });
  createFtlIndexes(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const store = await openStore(file);
  try {
    return (await importDns(store.dns, new FtlDbSource(ftl))).imported;
  } finally {
    await store.close();
  }
}
