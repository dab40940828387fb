/**
 * Notification events derived from what the store already records: the change detection of a scan (new device,
 * device gone, new finding), the firmware audit log (rollout halted, update installed, held device with a critical
 * fix), the firmware decisions of a check, and the DNS analysis (a new destination, a periodic beacon).
 */

import type { Finding, Severity } from '../../checks/finding.ts';
import type { RecordScanResult } from '../../store/index.ts';
import type { DeviceDnsReport } from '../dns/analyse-dns.ts';
import type { AuditEntry } from '../firmware/types.ts';
import type { NotifyEvent } from './notify-event.ts';

/** A device's label in a message: its name when it has one, else its address. */
export type LabelOf = (deviceId: string, fallback: string) => string;

/** A finding a scan found that was not there before: gained by a known device, or brought by a new one. */
export interface NewFinding {
  deviceId: string;
  address: string;
  checkId: string;
  subject?: string | undefined;
  severity: Severity;
  title: string;
}

/**
 * The findings that are news after a scan: those change detection reports gained, and every finding of a device
 * seen for the first time (change detection has no baseline for it, so reports only the new device).
 */
export function newFindingsOf(
  record: RecordScanResult,
  findingsAt: (address: string) => readonly Finding[],
): NewFinding[] {
  const news: NewFinding[] = [];
  for (const change of record.changes) {
    if (change.kind === 'finding-gained') {
      const { deviceId, address, checkId, subject, severity, title } = change;
      news.push({ deviceId, address, checkId, subject, severity, title });
    } else if (change.kind === 'device-new') {
      for (const f of findingsAt(change.address)) {
        const { checkId, subject, severity, title } = f;
        news.push({ deviceId: change.deviceId, address: change.address, checkId, subject, severity, title });
      }
    }
  }
  return news;
}

export function eventsFromScan(
  record: RecordScanResult,
  news: readonly NewFinding[],
  timeMs: number,
  labelOf: LabelOf,
): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  for (const f of news) {
    if (f.severity !== 'critical' && f.severity !== 'high') continue;
    const label = labelOf(f.deviceId, f.address);
    events.push({
      timeMs,
      deviceId: f.deviceId,
      key: `finding-new:${f.deviceId}:${f.checkId}:${f.subject ?? ''}:${record.scanId}`,
      kind: 'finding-new',
      severity: f.severity,
      title: `${f.severity === 'critical' ? 'Critical' : 'High'}: ${f.title} (${label})`,
      body: `A scan found a new ${f.severity} problem on ${label} (${f.address}): ${f.title}.`,
      data: { checkId: f.checkId },
    });
  }
  for (const change of record.changes) {
    const label = labelOf(change.deviceId, change.address);
    const base = { timeMs, deviceId: change.deviceId };
    if (change.kind === 'device-new') {
      events.push({
        ...base,
        key: `device-new:${change.deviceId}`,
        kind: 'device-new',
        severity: 'medium',
        title: `New device on the network: ${label}`,
        body: `${label} (${change.address}) was seen for the first time. If you do not know it, find out what it is.`,
      });
    } else if (change.kind === 'device-gone') {
      events.push({
        ...base,
        key: `device-gone:${change.deviceId}:${change.lastSeenMs}`,
        kind: 'device-gone',
        severity: 'low',
        title: `Device gone: ${label}`,
        body: `${label} (${change.address}) did not answer the last complete scan.`,
      });
    }
  }
  return events;
}

export function eventsFromAudit(entries: readonly AuditEntry[], labelOf: LabelOf): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  for (const entry of entries) {
    const deviceId = entry.deviceId ?? null;
    const label = deviceId ? labelOf(deviceId, deviceId) : (entry.model ?? 'a device');
    const base = { timeMs: entry.timeMs, deviceId, data: { auditId: entry.id } };
    if (entry.action === 'rollout' && entry.result === 'failed') {
      events.push({
        ...base,
        key: `rollout-halted:${entry.id}`,
        kind: 'rollout-halted',
        severity: 'high',
        title: `Firmware rollout halted: ${entry.model ?? label}`,
        body: entry.detail,
      });
    } else if ((entry.action === 'install' || entry.action === 'health-check') && entry.result === 'ok') {
      events.push({
        ...base,
        key: `update-installed:${entry.id}`,
        kind: 'update-installed',
        severity: 'info',
        title: `Update installed on ${label}${entry.afterVersion ? `: ${entry.afterVersion}` : ''}`,
        body: entry.detail,
      });
    } else if (entry.action === 'alert') {
      events.push({
        ...base,
        key: `firmware-decision:alert:${entry.id}`,
        kind: 'firmware-decision',
        severity: 'critical',
        title: `Decision needed: ${label} is held but its update fixes a serious flaw`,
        body: entry.detail,
      });
    }
  }
  return events;
}

/** A device whose update needs the owner's decision (a known breakage), from a firmware check. */
export interface PendingDecision {
  deviceId: string;
  name: string;
  target: string | undefined;
  reason: string;
}

export function eventsFromDecisions(decisions: readonly PendingDecision[], timeMs: number): NotifyEvent[] {
  return decisions.map((d) => ({
    key: `firmware-decision:${d.deviceId}:${d.target ?? 'unknown'}`,
    kind: 'firmware-decision',
    severity: 'high',
    timeMs,
    deviceId: d.deviceId,
    title: `Decision needed: firmware ${d.target ?? 'update'} for ${d.name}`,
    body: d.reason,
  }));
}

/** New destinations (asked for after the device's baseline) and periodic beacons to the internet. */
export function eventsFromDns(devices: readonly DeviceDnsReport[], timeMs: number): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  for (const device of devices) {
    for (const domain of device.profile.domains) {
      const category = domain.classification.category;
      if (category === 'local') continue;
      const base = { timeMs, deviceId: device.deviceId, data: { domain: domain.domain, category } };
      if (domain.isNew) {
        events.push({
          ...base,
          key: `phone-home:new:${device.deviceId}:${domain.domain}`,
          kind: 'phone-home',
          severity: 'medium',
          title: `${device.label} contacts a new destination: ${domain.domain}`,
          body: `${device.label} started asking for ${domain.domain} (${category}) after its usual pattern was learnt.`,
        });
      }
      if (domain.period && category !== 'time' && category !== 'cdn') {
        events.push({
          ...base,
          key: `phone-home:beacon:${device.deviceId}:${domain.domain}`,
          kind: 'phone-home',
          severity: 'low',
          title: `${device.label} beacons to ${domain.domain}`,
          body: `${device.label} asks for ${domain.domain} (${category}) at a regular interval.`,
        });
      }
    }
  }
  return events;
}
