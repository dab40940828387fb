import type { Kysely } from 'kysely';
import { type Finding, SEVERITIES, type Severity } from '../checks/finding.ts';
import type { StoreSchema } from './schema.ts';
import type { StoredFinding } from './types.ts';

type Db = Kysely<StoreSchema>;

/** 0 for critical … 4 for info: the position in SEVERITIES, so "high or worse" is `rank <= 1`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function zeroCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

export async function insertFindings(db: Db, scanId: number, deviceId: string, findings: Finding[]): Promise<void> {
  for (const finding of findings) {
    await db
      .insertInto('findings')
      .values({
        scan_id: scanId,
        device_id: deviceId,
        check_id: finding.checkId,
        subject: finding.subject ?? '',
        severity: finding.severity,
        severity_rank: severityRank(finding.severity),
        finding_json: JSON.stringify(finding),
      })
      .execute();
  }
}

/** Findings of one observation, worst first. */
export async function findingsOf(db: Db, scanId: number, deviceId: string): Promise<Finding[]> {
  const rows = await db
    .selectFrom('findings')
    .select('finding_json')
    .where('scan_id', '=', scanId)
    .where('device_id', '=', deviceId)
    .orderBy('severity_rank')
    .orderBy('id')
    .execute();
  return rows.map((r) => JSON.parse(r.finding_json) as Finding);
}

export interface FindingFilter {
  /** Only this severity. */
  severity?: Severity;
  /** This severity or worse (`high` → critical and high). */
  minSeverity?: Severity;
  deviceId?: string;
}

/** Findings of each device's latest observation, worst first, then by address. */
export async function latestFindings(db: Db, filter: FindingFilter = {}): Promise<StoredFinding[]> {
  let query = db
    .selectFrom('findings as f')
    .innerJoin('devices as d', (join) =>
      join.onRef('d.id', '=', 'f.device_id').onRef('d.last_scan_id', '=', 'f.scan_id'),
    )
    .select(['f.device_id', 'f.scan_id', 'f.finding_json', 'd.name', 'd.last_address']);
  if (filter.severity) query = query.where('f.severity', '=', filter.severity);
  if (filter.minSeverity) query = query.where('f.severity_rank', '<=', severityRank(filter.minSeverity));
  if (filter.deviceId) query = query.where('f.device_id', '=', filter.deviceId);
  const rows = await query.orderBy('f.severity_rank').orderBy('d.last_address').orderBy('f.id').execute();
  return rows.map((r) => ({
    deviceId: r.device_id,
    deviceName: r.name ?? undefined,
    address: r.last_address,
    scanId: r.scan_id,
    finding: JSON.parse(r.finding_json) as Finding,
  }));
}

/** Finding counts per severity of each device's latest observation. */
export async function latestFindingCounts(db: Db): Promise<Map<string, Record<Severity, number>>> {
  const rows = await db
    .selectFrom('findings as f')
    .innerJoin('devices as d', (join) =>
      join.onRef('d.id', '=', 'f.device_id').onRef('d.last_scan_id', '=', 'f.scan_id'),
    )
    .select((eb) => ['f.device_id', 'f.severity', eb.fn.countAll<number>().as('count')])
    .groupBy(['f.device_id', 'f.severity'])
    .execute();
  const counts = new Map<string, Record<Severity, number>>();
  for (const row of rows) {
    const perDevice = counts.get(row.device_id) ?? zeroCounts();
    if ((SEVERITIES as readonly string[]).includes(row.severity))
      perDevice[row.severity as Severity] = Number(row.count);
    counts.set(row.device_id, perDevice);
  }
  return counts;
}
