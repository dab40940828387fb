import type { ReportDevice } from '../../app/report/report-model.ts';
import type { DeviceDetail } from '../../store/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { paint, SEVERITY_STYLE, scoreStyle } from './color.ts';

type Out = NodeJS.WritableStream;

/** `iotwarden device <ref>`: one device, every finding with its evidence and its fix. All device text is sanitised. */
export function printDeviceDetail(
  out: Out,
  detail: DeviceDetail,
  device: ReportDevice | undefined,
  color: boolean,
): void {
  const s = (text: string | null | undefined): string => sanitizeText(text ?? '—');
  const line = (label: string, value: string): void => void out.write(`  ${label.padEnd(11)} ${value}\n`);
  out.write(`${paint(s(device?.name ?? detail.name ?? detail.address), 'bold', color)}  (${detail.deviceId})\n`);
  line('address', s(detail.address));
  line('mac', s(detail.mac));
  if (device) {
    line(
      'device',
      [device.vendor, device.model, device.hwVersion ? `hw ${device.hwVersion}` : null]
        .filter(Boolean)
        .map(s)
        .join(' ') || '—',
    );
    const latest =
      device.firmware.latest && device.firmware.latest !== device.firmware.installed
        ? ` (latest ${s(device.firmware.latest)})`
        : '';
    line('firmware', `${s(device.firmware.installed)}${latest}`);
    line('protocols', s(device.protocols.join(', ') || '—'));
    line('services', s(device.services.map((x) => `${x.port}/${x.transport} ${x.name}`).join(', ') || '—'));
    line('score', paint(`${device.score}/100`, scoreStyle(device.score), color));
    for (const d of device.deductions) out.write(`              -${d.points} ${s(d.reason)}\n`);
  }
  line('first seen', new Date(detail.firstSeenMs).toISOString());
  line('last seen', new Date(detail.lastSeenMs).toISOString());
  if (detail.addressHistory.length > 1) line('addresses', detail.addressHistory.map((a) => a.address).join(' → '));
  const findings = device?.findings ?? detail.findings;
  out.write(findings.length === 0 ? '\nNo findings.\n' : `\nFindings (${findings.length}):\n`);
  for (const f of findings) {
    out.write(
      `\n  ${paint(f.severity.toUpperCase(), SEVERITY_STYLE[f.severity], color)} ${s(f.title)}  [${f.checkId}]\n`,
    );
    out.write(`    ${s(f.detail)}\n`);
    for (const e of f.evidence) out.write(`    sent:     ${s(e.sent)}\n    received: ${s(e.received)}\n`);
    out.write('    fix:\n');
    for (const step of f.remediation) out.write(`      - ${s(step)}\n`);
    out.write(`    refs: ${s(f.references.join('; '))}\n`);
  }
  for (const problem of device?.problems ?? []) out.write(`\n  could not fully inspect: ${s(problem)}\n`);
  const skipped = device?.skipped ?? detail.skipped;
  if (skipped.length > 0) {
    out.write('\nChecks that could not run:\n');
    for (const k of skipped) out.write(`  - ${k.checkId}: ${s(k.reason)}\n`);
  }
}
