/**
 * "What should I do first?" Findings are grouped by check and device family, so one action covers every device
 * that needs the same fix ("Set a password on 3 Shellys: garage-door, porch and kitchen"), and ranked by severity,
 * then by the score points the fix would win back. Info findings cost no points and are left out.
 */
import { SEVERITIES, type Severity } from '../../checks/finding.ts';
import { familyNoun, listNames } from '../../checks/host-view.ts';
import type { ReportDevice, ReportModel, TopAction } from './report-model.ts';

interface Group {
  checkId: string;
  severity: Severity;
  family: ReportDevice['family'];
  devices: ReportDevice[];
  points: number;
}

/** The `count` most valuable actions for this home, most valuable first. */
export function topActions(model: Pick<ReportModel, 'devices' | 'checks'>, count = 5): TopAction[] {
  const groups = new Map<string, Group>();
  for (const device of model.devices) {
    for (const finding of device.findings) {
      if (finding.severity === 'info') continue;
      const key = `${finding.checkId}\u0000${device.family}`;
      const group = groups.get(key) ?? {
        checkId: finding.checkId,
        severity: finding.severity,
        family: device.family,
        devices: [],
        points: 0,
      };
      if (rank(finding.severity) < rank(group.severity)) group.severity = finding.severity;
      if (!group.devices.includes(device)) {
        group.devices.push(device);
        group.points += device.deductions
          .filter((deduction) => deduction.checkId === finding.checkId)
          .reduce((sum, deduction) => sum + deduction.points, 0);
      }
      groups.set(key, group);
    }
  }
  return (
    [...groups.values()]
      // Severity first: a factory password on one camera matters more than plain HTTP on twelve plugs, even though
      // the plugs would win back more points in total. Within a severity, the fix that wins back most comes first.
      .sort((a, b) => rank(a.severity) - rank(b.severity) || b.points - a.points || b.devices.length - a.devices.length)
      .slice(0, count)
      .map((group) => ({
        checkId: group.checkId,
        severity: group.severity,
        text: describe(group, model.checks.find((check) => check.id === group.checkId)?.action),
        deviceIds: group.devices.map((device) => device.id),
        points: Math.round(group.points * 10) / 10,
      }))
  );
}

function describe(group: Group, action: string | undefined): string {
  const names = group.devices.map((device) => device.name ?? device.addresses[0] ?? device.id);
  const verb = action ?? `Fix "${group.checkId}" on`;
  const noun = familyNoun(group.family, group.devices.length);
  if (group.devices.length > 1) return `${verb} ${group.devices.length} ${noun}: ${listNames(names)}`;
  // "Turn off telnet on router" reads better than "… on device router"; a known family keeps its noun.
  return group.family === 'generic' ? `${verb} ${names[0]}` : `${verb} ${noun} ${names[0]}`;
}

function rank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
