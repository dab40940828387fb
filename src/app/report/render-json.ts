/**
 * The stable `--json` contract: `{"devices":[…],"summary":{…}}`. Every documented field is always present; a value
 * that is unknown is `null`, never absent, so scripts can rely on the shape. Fields may be added, never removed or
 * renamed; `summary.schemaVersion` changes only if that promise must ever be broken.
 */

import type { Evidence } from '../../families/facts.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import type { ReportModel, ReportSummary, TopAction } from './report-model.ts';
import type { ReportRiskSection } from './risk-model.ts';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonFinding {
  checkId: string;
  severity: string;
  title: string;
  subject: string | null;
  detail: string;
  evidence: Evidence[];
  remediation: string[];
  references: string[];
}

export interface JsonDevice {
  id: string;
  name: string | null;
  family: string;
  addresses: string[];
  mac: string | null;
  vendor: string | null;
  model: string | null;
  hwVersion: string | null;
  firmware: { installed: string | null; latest: string | null };
  protocols: string[];
  services: Array<{ port: number; transport: 'tcp' | 'udp'; name: string }>;
  score: number;
  deductions: Array<{ checkId: string; points: number; reason: string }>;
  findings: JsonFinding[];
  skipped: Array<{ checkId: string; reason: string }>;
  /** False for a device only the home's sources have seen ("not scanned yet"); its score is then no verdict. */
  scanned: boolean;
  /** Home Assistant's area and floor. Untrusted. */
  area: string | null;
  floor: string | null;
  /** The Home Assistant integration controlling the device. */
  homeAssistant: { integration: string; title: string | null } | null;
  /** Sources that know the device besides scans. */
  sources: string[];
}

export interface JsonReport {
  devices: JsonDevice[];
  summary: ReportSummary & { schemaVersion: number; topActions: TopAction[] };
  /** `report --format json` only: the risk register's rows (the full contract is `risk --json`). */
  risk?: ReportRiskSection;
}

/** The --json object (for the HTTP API and tests). */
export function toJsonReport(model: ReportModel): JsonReport {
  return {
    devices: model.devices.map((device) => ({
      id: device.id,
      name: device.name ?? null,
      family: device.family,
      addresses: [...device.addresses],
      mac: device.mac ?? null,
      vendor: device.vendor ?? null,
      model: device.model ?? null,
      hwVersion: device.hwVersion ?? null,
      firmware: { installed: device.firmware.installed ?? null, latest: device.firmware.latest ?? null },
      protocols: [...device.protocols],
      services: device.services.map(({ port, transport, name }) => ({ port, transport, name })),
      score: device.score,
      deductions: device.deductions.map(({ checkId, points, reason }) => ({ checkId, points, reason })),
      findings: device.findings.map((finding) => ({
        checkId: finding.checkId,
        severity: finding.severity,
        title: finding.title,
        subject: finding.subject ?? null,
        detail: finding.detail,
        evidence: finding.evidence.map(({ sent, received }) => ({ sent, received })),
        remediation: [...finding.remediation],
        references: [...finding.references],
      })),
      skipped: device.skipped.map(({ checkId, reason }) => ({ checkId, reason })),
      scanned: device.context?.scanned ?? true,
      area: device.context?.area ?? null,
      floor: device.context?.floor ?? null,
      homeAssistant: device.context?.homeAssistant ?? null,
      sources: [...(device.context?.sources ?? [])],
    })),
    summary: { schemaVersion: JSON_SCHEMA_VERSION, ...model.summary, topActions: model.topActions },
    ...(model.risk ? { risk: model.risk } : {}),
  };
}

/** The --json text: two-space indented, one trailing newline, C1 and bidi controls escaped as `\u00XX`. */
export function renderJson(model: ReportModel): string {
  return jsonText(toJsonReport(model));
}
