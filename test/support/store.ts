import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, Severity } from '../../src/checks/finding.ts';
import { type DeviceFamily, emptyDeviceFacts, type HostFacts } from '../../src/families/facts.ts';
import type { FinishedScanStatus, HostScanResult, RecordScanInput } from '../../src/store/types.ts';

/** A fresh temp directory per test, removed afterwards: every store test works on a real file on disk. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface HostSpec {
  address: string;
  mac?: string;
  deviceId?: string;
  family?: DeviceFamily;
  name?: string;
  firmware?: string;
  tcpPorts?: number[];
  findings?: Array<{ checkId: string; severity?: Severity; subject?: string }>;
  skipped?: string[];
  score?: number;
  config?: unknown;
}

export function finding(checkId: string, severity: Severity = 'high', subject?: string): Finding {
  return {
    checkId,
    severity,
    title: `${checkId} title`,
    ...(subject === undefined ? {} : { subject }),
    detail: `${checkId} detail`,
    evidence: [{ sent: 'GET /', received: '200 OK' }],
    remediation: ['fix it'],
    references: ['ETSI EN 303 645 5.1-1'],
  };
}

/** Builds one host's scan result the way the scan use case will hand it over. */
export function host(spec: HostSpec): HostScanResult {
  const facts: HostFacts = {
    address: spec.address,
    sources: ['tcp'],
    services: (spec.tcpPorts ?? [80]).map((port) => ({ port, transport: 'tcp', name: 'http', auth: 'none' })),
    ...(spec.mac === undefined ? {} : { mac: spec.mac }),
  };
  if (spec.family || spec.deviceId || spec.firmware || spec.config !== undefined || spec.name) {
    const device = emptyDeviceFacts(spec.family ?? 'shelly-gen1', 'Shelly');
    if (spec.deviceId) device.deviceId = spec.deviceId;
    if (spec.firmware) device.firmware.installed = spec.firmware;
    if (spec.name) device.name = spec.name;
    if (spec.config !== undefined) device.config = spec.config;
    facts.device = device;
  }
  return {
    host: facts,
    findings: (spec.findings ?? []).map((f) => finding(f.checkId, f.severity, f.subject)),
    skipped: (spec.skipped ?? []).map((checkId) => ({ checkId, reason: 'could not log in' })),
    score: spec.score ?? 80,
  };
}

let clockMs = Date.UTC(2026, 0, 1);

/** A scan input; each call is an hour later than the last so first/last-seen times are distinct. */
export function scan(
  hosts: HostSpec[],
  options: { targets?: string[]; ports?: string; status?: FinishedScanStatus } = {},
): RecordScanInput {
  clockMs += 3_600_000;
  return {
    startedMs: clockMs - 60_000,
    finishedMs: clockMs,
    targets: options.targets ?? ['127.77.200.0/24'],
    ports: options.ports ?? 'default',
    status: options.status ?? 'complete',
    hosts: hosts.map(host),
  };
}
