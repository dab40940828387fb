/** Terminal text of `firmware status`, `firmware plan`, `firmware log` and `firmware hold|release`. */
import type { FirmwareCatalogue } from '../../app/firmware/catalogue.ts';
import type { HoldTarget } from '../../app/firmware/firmware-holds.ts';
import type { FirmwareLog, StatusRow } from '../../app/firmware/firmware-views.ts';
import { type FirmwarePlan, labelOf, type PlanStep } from '../../app/firmware/plan.ts';
import type { StoredHold } from '../../app/firmware/types.ts';
import { profileOf } from '../../families/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { type Cell, renderTable } from './text-table.ts';

/** Device names and models in running text: escaped, and short enough to keep a line readable. */
const NAME_CHARS = 80;
const shortText = (text: string | undefined): string => sanitizeText(text ?? '?', { maxLength: NAME_CHARS });

/** Shelly `20230913-112003/v1.14.0-gcb84623` → `v1.14.0`; other vendors' strings are short enough already. */
export function shortVersion(version: string | undefined): string {
  if (version === undefined) return '?';
  const shelly = /^\d{8}-\d{6}\/(v?[\d.]+(?:-(?:rc|beta)\d*)?)/.exec(version);
  if (shelly?.[1]) return shelly[1];
  return version.replace(/-g[0-9a-f]{7,8}$/i, '').replace(/\s+Rel\..*$/i, '');
}

/** When, in the policy's zone: `Thu 27 Nov 03:00`. */
export function formatWhen(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.hour}:${parts.minute}`;
}

function stateCell(row: StatusRow): Cell {
  const d = row.decision;
  switch (d.action) {
    case 'up-to-date':
      return { text: 'up to date', style: 'green' };
    case 'install':
      return { text: `installs ${shortVersion(d.targetVersion)} now (in window)`, style: 'blue' };
    case 'wait-window':
      return {
        text: `installs ${shortVersion(d.targetVersion)} ${d.window ? formatWhen(d.window.startMs, d.policy.timeZone) : 'next window'}`,
        style: 'blue',
      };
    case 'notify':
      return row.decision.targetVersion === undefined && row.decision.policy.mode !== 'notify'
        ? { text: profileOf({ family: row.device.family ?? 'generic' }).firmware.notOfferedShort, style: 'yellow' }
        : { text: 'update available; policy: notify only', style: 'yellow' };
    case 'held':
      return {
        text: `${d.alert ? 'ALERT: ' : ''}held until ${d.policy.hold?.until}: ${d.policy.hold?.reason}`,
        style: d.alert ? 'brightRed' : 'magenta',
      };
    case 'decision-needed':
      return { text: 'DECISION NEEDED: breaks local use (below)', style: 'red' };
    case 'unknown':
      return { text: row.state.limitations[0] ?? d.reason, style: 'dim' };
  }
}

function policyText(row: StatusRow): string {
  const policy = row.decision.policy;
  const expired = policy.mode !== 'hold' && policy.expiredHolds.length > 0 ? ' (hold expired)' : '';
  return `${policy.mode}${policy.level === 'default' ? '' : ` (${policy.level})`}${expired}`;
}

/** One table across all vendors, then the alerts and decisions a person must read. */
export function renderStatus(
  rows: readonly StatusRow[],
  catalogue: FirmwareCatalogue,
  width: number,
  color: boolean,
): string {
  const table = renderTable(
    [
      { header: 'DEVICE', min: 10, max: 20 },
      { header: 'VENDOR/MODEL', min: 12, max: 22 },
      { header: 'INSTALLED', min: 8, max: 18 },
      { header: 'LATEST', min: 8, max: 18 },
      { header: 'SOURCE', min: 6, max: 9 },
      { header: 'AUTO', min: 4, max: 4 },
      { header: 'POLICY', min: 6, max: 22 },
      // The answer to "why not yet" is what the table is for: other columns give way first.
      { header: 'STATE / WHY NOT YET', min: 41, max: 90 },
    ],
    rows.map((row) => [
      labelOf(row.device),
      `${row.device.vendor ?? '?'} ${row.device.model ?? ''}`.trim(),
      shortVersion(row.state.installed),
      row.state.latest === undefined ? '?' : shortVersion(row.state.latest),
      row.state.latestSource ?? '-',
      row.state.autoUpdate === undefined ? '-' : row.state.autoUpdate ? 'on' : 'off',
      policyText(row),
      stateCell(row),
    ]),
    { width, color },
  );
  const notes = rows.flatMap((row) => detailLines(row));
  const origin = catalogue.origin;
  const from = origin.kind === 'bundled' ? 'bundled' : `imported from ${sanitizeText(origin.source)}`;
  const header = `Firmware catalogue serial ${catalogue.serial} (published ${catalogue.document.published}, ${from}, signed by ${origin.keyId})`;
  return [header, '', table, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

function detailLines(row: StatusRow): string[] {
  return noteLines(row).map((line) => sanitizeText(line));
}

/** The alerts, decisions, fixes and minimums below the table; sanitised as whole lines by the caller. */
function noteLines(row: StatusRow): string[] {
  const name = labelOf(row.device);
  const d = row.decision;
  const lines: string[] = [];
  if (d.alert) {
    lines.push(`ALERT ${name}: ${d.alert.message}`);
    lines.push(
      `  Risk of holding: ${d.alert.vulnerabilities.map((v) => `${v.id} (${v.severity})`).join(', ')} stays open.`,
    );
    lines.push(
      `  Risk of updating: ${d.alert.hold.reason}${d.alert.breakages.length > 0 ? `; ${d.alert.breakages.map((b) => b.summary).join(' ')}` : ''}`,
    );
  }
  if (d.action === 'decision-needed' && d.breakage) {
    lines.push(`DECISION NEEDED ${name}: ${d.breakage.explanation}`);
    for (const [index, option] of d.breakage.options.entries()) lines.push(`  Option ${index + 1}: ${option}`);
  }
  if (row.state.cvesFixed.length > 0 && d.action !== 'held') {
    lines.push(
      `${name}: the update to ${shortVersion(row.state.latest)} fixes ${row.state.cvesFixed.map((c) => `${c.id} (${c.severity})`).join(', ')}`,
    );
  }
  if (row.state.belowMinimum) {
    lines.push(
      `${name}: below the oldest supported firmware (${row.state.belowMinimum.minimum}): ${row.state.belowMinimum.reason}`,
    );
  }
  return lines;
}

/** The dry run: numbered installs (canaries first), then what waits and why. */
export function renderPlan(plan: FirmwarePlan, timeZone: string): string {
  const lines: string[] = [];
  if (plan.installs.length === 0) lines.push('Nothing would be installed.');
  else lines.push('Would install, in this order:');
  for (const step of plan.installs) {
    const when = step.earliestMs === undefined ? '' : formatWhen(step.earliestMs, timeZone);
    lines.push(
      `  ${step.order}. ${when}  ${shortText(labelOf(step.device))} (${shortText(step.device.model)}): ${shortText(shortVersion(step.state.installed))} → ${shortText(shortVersion(step.decision.targetVersion))}  [${step.role}${step.waitsFor ? `; ${sanitizeText(step.waitsFor)}` : ''}]`,
    );
  }
  if (plan.waiting.length > 0) {
    lines.push('', 'Waiting:');
    for (const step of plan.waiting)
      lines.push(`  ${shortText(labelOf(step.device))}: ${sanitizeText(waitingReason(step))}`);
  }
  lines.push('', `${plan.upToDate.length} up to date, ${plan.unknown.length} unknown.`);
  return lines.join('\n');
}

function waitingReason(step: PlanStep): string {
  const d = step.decision;
  return `${d.action} — ${d.reason}`;
}

/** The audit log as a table, oldest first. */
export function renderLog({ entries, names }: FirmwareLog, width: number): string {
  if (entries.length === 0) return 'The firmware audit log is empty.';
  return renderTable(
    [
      { header: 'TIME (UTC)', min: 16, max: 16 },
      { header: 'ACTOR', min: 5, max: 9 },
      { header: 'ACTION', min: 6, max: 16 },
      { header: 'DEVICE', min: 6, max: 20 },
      { header: 'BEFORE→AFTER', min: 6, max: 24 },
      { header: 'RESULT', min: 6, max: 8 },
      { header: 'DETAIL', min: 20, max: 200 },
    ],
    entries.map((entry) => [
      new Date(entry.timeMs).toISOString().slice(0, 16).replace('T', ' '),
      entry.actor,
      entry.action,
      entry.deviceId ? (names.get(entry.deviceId) ?? entry.deviceId) : entry.model ? `model ${entry.model}` : '-',
      entry.beforeVersion || entry.afterVersion
        ? `${shortVersion(entry.beforeVersion)}→${shortVersion(entry.afterVersion)}`
        : '-',
      entry.result,
      entry.detail,
    ]),
    { width },
  );
}

/** `Held tv-plug until 2027-01-31: breaks Home Assistant`. */
export function holdText(target: HoldTarget, hold: StoredHold): string {
  const what = target.scope === 'device' ? (target.name ?? target.deviceId) : `every ${target.model}`;
  return `${sanitizeText(`Held ${what} until ${hold.until}: ${hold.reason}`)}\n`;
}

/** How many holds were released, or why there was none to release. */
export function releaseText(ref: string, released: readonly StoredHold[]): string {
  const what = shortText(ref);
  if (released.length === 0)
    return `No hold set from the CLI on ${what}. (Holds in iotwarden.yaml are released by editing it.)\n`;
  return `Released ${released.length} hold${released.length === 1 ? '' : 's'} on ${what}.\n`;
}
