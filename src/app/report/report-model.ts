/**
 * The report model: everything an output needs about one scan, already checked and scored. Renderers (Markdown,
 * HTML, JSON, terminal tables) only format it. Strings that came from devices are untrusted and are escaped by
 * each renderer, never here, so the model keeps the exact values (the JSON output must not be lossy).
 */

import type { Finding, Severity, SkippedCheck } from '../../checks/finding.ts';
import type { Deduction } from '../../checks/score.ts';
import type { DeviceFamily } from '../../families/facts.ts';
import type { PrivacySection } from './privacy-model.ts';
import type { ReportRiskSection } from './risk-model.ts';

export interface ReportService {
  port: number;
  transport: 'tcp' | 'udp';
  name: string;
}

export interface ReportDevice {
  /** Stable id for the device in this report (MAC when known, else device id, else address). */
  id: string;
  /** The owner's name for the device (or its hostname). Untrusted. */
  name: string | null;
  family: DeviceFamily;
  addresses: string[];
  mac: string | null;
  vendor: string | null;
  model: string | null;
  hwVersion: string | null;
  firmware: { installed: string | null; latest: string | null };
  protocols: string[];
  services: ReportService[];
  score: number;
  deductions: Deduction[];
  findings: Finding[];
  skipped: SkippedCheck[];
  /** What went wrong while inspecting it (HostFacts.problems), shown as "could not fully inspect: …". Untrusted. */
  problems?: string[];
  /** Where the device is and who controls it, from the home's sources; absent for a report of one scan. */
  context?: ReportDeviceContext;
}

/** What the inventory knows of a device beyond the scan (issue 12). Strings are the sources' own text (untrusted). */
export interface ReportDeviceContext {
  /** False: only the home's sources have seen it; its score is no verdict ("not scanned yet"). */
  scanned: boolean;
  /** Home Assistant's area (the room) and floor. */
  area: string | null;
  floor: string | null;
  /** The Home Assistant integration that controls it (`tplink`, `shelly`, …) and its config entry's title. */
  homeAssistant: { integration: string; title: string | null } | null;
  /** The sources that know it besides scans: `pihole-network`, `home-assistant`, `unifi`, `dhcp-leases`, … */
  sources: string[];
}

/** A catalogue entry as shown in reports (the "about the checks" appendix and the action texts). */
export interface CheckInfo {
  id: string;
  title: string;
  severity: Severity;
  severityRationale: string;
  explanation: string;
  action: string;
  references: string[];
}

/** One "do this first" item: a check's fix across the devices of one family. */
export interface TopAction {
  checkId: string;
  severity: Severity;
  /** Plain language, e.g. "Set a password on 3 Shellys: garage-door, porch and kitchen". Contains device names. */
  text: string;
  deviceIds: string[];
  /** Score points this would win back across those devices. */
  points: number;
}

export interface ReportSummary {
  /** ISO 8601. */
  scannedAt: string;
  homeScore: number;
  devices: number;
  findings: Record<Severity, number>;
  skipped: number;
  /** The most severe finding in the home, null when there is none. */
  worstSeverity: Severity | null;
}

export interface ReportModel {
  scannedAt: string;
  homeScore: number;
  devices: ReportDevice[];
  summary: ReportSummary;
  topActions: TopAction[];
  checks: CheckInfo[];
  /** What devices say to the internet, when DNS data was imported (iotwarden dns import). */
  privacy?: PrivacySection;
  /** The risk register (issue 16), when the caller built one (report, demo). */
  risk?: ReportRiskSection;
}
