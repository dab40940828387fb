/** The two terminal tables of a scan: devices (worst first) and findings (most severe first). */
import type { ReportDevice, ReportModel } from '../../app/report/report-model.ts';
import { SEVERITIES, type Severity } from '../../checks/finding.ts';
import { SEVERITY_STYLE, scoreStyle } from './color.ts';
import { type Cell, type Column, renderTable, type TableOptions } from './text-table.ts';

const DEVICE_COLUMNS: Column[] = [
  { header: 'NAME', min: 8, max: 26 },
  { header: 'ADDRESS', min: 7, max: 15 },
  { header: 'VENDOR / MODEL', min: 8, max: 28 },
  { header: 'FIRMWARE', min: 8, max: 24 },
  { header: 'SCORE', min: 5, max: 5, align: 'right' },
  { header: 'WORST', min: 8, max: 15 },
];

/** Shown only when Home Assistant gave some device a room, so a home without HA sees the table as before. */
const AREA_COLUMN: Column = { header: 'AREA', min: 4, max: 14 };

/** Devices: name, address, vendor/model, firmware, (room,) score, worst severity. */
export function renderDeviceTable(model: ReportModel, options: TableOptions = {}): string {
  const withArea = model.devices.some((device) => device.context?.area);
  const columns = withArea ? [...DEVICE_COLUMNS.slice(0, 4), AREA_COLUMN, ...DEVICE_COLUMNS.slice(4)] : DEVICE_COLUMNS;
  const rows = model.devices.map((device) => {
    const worst = SEVERITIES.find((severity) => device.findings.some((finding) => finding.severity === severity));
    return [
      device.name ?? '—',
      device.addresses[0] ?? '—',
      [device.vendor, device.model].filter(Boolean).join(' ') || '—',
      device.firmware.installed ?? '—',
      ...(withArea ? [device.context?.area ?? '—'] : []),
      ...scoreCells(device, worst),
    ];
  });
  return renderTable(columns, rows, options);
}

/** A device no scan has seen has no verdict yet: say so instead of a score of 100. */
function scoreCells(device: ReportDevice, worst: Severity | undefined): Array<Cell | string> {
  if (device.context?.scanned === false) return ['—', { text: 'not scanned yet', style: 'dim' }];
  return [
    { text: String(device.score), style: scoreStyle(device.score) },
    worst ? { text: worst, style: SEVERITY_STYLE[worst] } : { text: 'none', style: 'green' },
  ];
}

const FINDING_COLUMNS: Column[] = [
  { header: 'SEVERITY', min: 8, max: 8 },
  { header: 'DEVICE', min: 8, max: 24 },
  { header: 'FINDING', min: 20, max: 90 },
];

/** Findings across the home: severity, device, title (with its subject). */
export function renderFindingTable(model: ReportModel, options: TableOptions = {}): string {
  const rows = model.devices
    .flatMap((device) => device.findings.map((finding) => ({ device, finding })))
    .sort((a, b) => SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity))
    .map(({ device, finding }) => {
      const subject = finding.subject && !finding.title.includes(finding.subject) ? ` (${finding.subject})` : '';
      return [
        { text: finding.severity, style: SEVERITY_STYLE[finding.severity] },
        device.name ?? device.addresses[0] ?? device.id,
        `${finding.title}${subject}`,
      ];
    });
  if (rows.length === 0) return 'No findings.';
  return renderTable(FINDING_COLUMNS, rows, options);
}
