import { describe, expect, it } from 'vitest';
import type { Finding } from '../../checks/finding.ts';
import type { RecordScanResult } from '../../store/index.ts';
import type { AuditEntry } from '../firmware/types.ts';
import { eventsFromAudit, eventsFromDecisions, eventsFromScan, newFindingsOf } from './derive-events.ts';

const finding = (checkId: string, severity: Finding['severity']): Finding => ({
  checkId,
  severity,
  title: `${checkId} title`,
  detail: '',
  evidence: [],
  remediation: [],
  references: [],
});

const record: RecordScanResult = {
  scanId: 7,
  devices: [],
  changes: [
    { kind: 'device-new', deviceId: 'dev_new', address: '10.0.0.9' },
    {
      kind: 'finding-gained',
      deviceId: 'dev_old',
      address: '10.0.0.2',
      checkId: 'service.telnet',
      severity: 'high',
      title: 'Telnet is open',
    },
    {
      kind: 'finding-gained',
      deviceId: 'dev_old',
      address: '10.0.0.2',
      checkId: 'cloud.enabled',
      severity: 'low',
      title: 'Cloud on',
    },
    { kind: 'device-gone', deviceId: 'dev_gone', address: '10.0.0.3', lastSeenMs: 1000 },
    { kind: 'port-opened', deviceId: 'dev_old', address: '10.0.0.2', transport: 'tcp', port: 23, service: 'telnet' },
  ],
};
const labels: Record<string, string> = { dev_new: 'new-plug', dev_old: 'garage-door', dev_gone: 'old-bulb' };
const labelOf = (id: string, fallback: string) => labels[id] ?? fallback;

describe('events from a scan', () => {
  it('counts a new device’s findings as new, and reports new devices, devices gone and high findings', () => {
    const news = newFindingsOf(record, (address) =>
      address === '10.0.0.9' ? [finding('auth.no-login', 'critical')] : [],
    );
    expect(news.map((f) => `${f.deviceId} ${f.checkId}`)).toEqual([
      'dev_new auth.no-login',
      'dev_old service.telnet',
      'dev_old cloud.enabled',
    ]);
    const events = eventsFromScan(record, news, 5000, labelOf);
    expect(events.map((e) => [e.kind, e.severity, e.key])).toEqual([
      ['finding-new', 'critical', 'finding-new:dev_new:auth.no-login::7'],
      ['finding-new', 'high', 'finding-new:dev_old:service.telnet::7'],
      ['device-new', 'medium', 'device-new:dev_new'],
      ['device-gone', 'low', 'device-gone:dev_gone:1000'],
    ]);
    expect(events[1]?.title).toBe('High: Telnet is open (garage-door)');
  });
});

describe('events from the audit log and firmware decisions', () => {
  const entry = (id: number, patch: Partial<AuditEntry>): AuditEntry => ({
    id,
    timeMs: id * 1000,
    actor: 'scheduler',
    action: 'check',
    result: 'info',
    detail: `entry ${id}`,
    ...patch,
  });

  it('turns halts, installs and held-risk alerts into events keyed by the entry, and ignores the rest', () => {
    const events = eventsFromAudit(
      [
        entry(1, { action: 'rollout', result: 'failed', model: 'HS100(UK)' }),
        entry(2, { action: 'install', result: 'ok', deviceId: 'dev_old', afterVersion: '1.14.0' }),
        entry(3, { action: 'install', result: 'started', deviceId: 'dev_old' }),
        entry(4, { action: 'alert', result: 'info', deviceId: 'dev_old' }),
        entry(5, { action: 'hold', result: 'ok', deviceId: 'dev_old' }),
      ],
      labelOf,
    );
    expect(events.map((e) => [e.kind, e.key])).toEqual([
      ['rollout-halted', 'rollout-halted:1'],
      ['update-installed', 'update-installed:2'],
      ['firmware-decision', 'firmware-decision:alert:4'],
    ]);
    expect(events[1]?.title).toBe('Update installed on garage-door: 1.14.0');
  });

  it('keys a decision by device and target version, so the same decision is announced once', () => {
    const decision = { deviceId: 'dev_old', name: 'tv-plug', target: '1.1.0', reason: 'It would close port 9999.' };
    const [first] = eventsFromDecisions([decision], 1);
    const [again] = eventsFromDecisions([decision], 99);
    expect(first?.key).toBe('firmware-decision:dev_old:1.1.0');
    expect(again?.key).toBe(first?.key);
  });
});
