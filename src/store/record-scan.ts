import type { Kysely } from 'kysely';
import { StoreError } from '../errors/index.ts';
import { displayName } from '../families/display-name.ts';
import { type CarriedBeliefs, type ChangeSnapshot, compareSnapshots, type FindingRef } from './change-detection.ts';
import { portCovered, targetCoverage } from './coverage.ts';
import { newDeviceId } from './device-id.ts';
import { insertDevice, type KnownDevice, loadKnownDevices, updateDevice } from './device-repository.ts';
import { findingsOf, insertFindings } from './finding-repository.ts';
import { assessIdentities, observedIdentity } from './identity-merge.ts';
import { insertObservation, lastCompleteObservation, type StoredObservation } from './observation-repository.ts';
import { type BaselineScan, completeScansBefore } from './scan-repository.ts';
import type { StoreSchema } from './schema.ts';
import { STORE_ERROR_CODES } from './sqlite-errors.ts';
import type { HostScanResult, RecordScanInput, RecordScanResult, ScanChange } from './types.ts';

type Db = Kysely<StoreSchema>;

const invalid = (why: string) => new StoreError(`cannot record scan: ${why}`, undefined, STORE_ERROR_CODES.input);

/** Refuses a host result that would store nonsense. */
export function validateHost({ host, score }: HostScanResult): void {
  if (!Number.isFinite(score) || score < 0 || score > 100) {
    throw invalid(`score ${score} of ${host.address} is not 0-100`);
  }
}

/** Refuses input that would store nonsense; nothing has been written when it throws. */
export function validateScan(input: RecordScanInput): void {
  if (!['complete', 'cancelled', 'failed', 'interrupted'].includes(input.status)) {
    throw invalid(`unknown status "${input.status}"`);
  }
  const addresses = new Set<string>();
  for (const result of input.hosts) {
    validateHost(result);
    if (addresses.has(result.host.address)) throw invalid(`host ${result.host.address} appears twice`);
    addresses.add(result.host.address);
  }
}

const snapshotOfResult = (r: HostScanResult, ports: string): ChangeSnapshot => ({
  address: r.host.address,
  firmware: r.host.device?.firmware.installed,
  services: r.host.services.map((s) => ({ transport: s.transport, port: s.port, name: s.name, seenSpec: ports })),
  findings: r.findings,
  skippedCheckIds: new Set(r.skipped.map((s) => s.checkId)),
});

/** The baseline as believed: what that scan saw, plus what it carried forward unverified from earlier scans. */
const snapshotOfStored = (o: StoredObservation, findings: FindingRef[], ports: string): ChangeSnapshot => ({
  address: o.address,
  firmware: o.facts.device?.firmware.installed ?? o.carried.firmware,
  services: [...o.services.map((s) => ({ ...s, seenSpec: ports })), ...o.carried.services],
  findings: [...findings, ...o.carried.findings],
  skippedCheckIds: new Set(o.skipped.map((s) => s.checkId)),
});

/** A complete scan after the device's last sighting looked at its address and did not find it: it was reported gone. */
function missedSince(device: KnownDevice, baselines: readonly BaselineScan[]): boolean {
  // A device only the home's sources had seen was never looked for by a scan, so it cannot have been missed.
  return device.scanned && baselines.some((b) => b.scanId > device.lastScanId && b.covers(device.lastAddress));
}

/** What a host is compared with: the complete scans before this one, and the port spec of each. */
interface Baselines {
  scans: readonly BaselineScan[];
  portsOf: ReadonlyMap<number, string>;
}

/**
 * What changed on a device the inventory knew: its return after being reported gone, and the differences to its
 * baseline (its newest observation in an earlier complete scan). Also returns what this observation could not
 * re-verify and so keeps believing.
 */
async function changesOfKnown(
  db: Db,
  scan: { scanId: number; input: RecordScanInput; baselines: Baselines },
  previous: KnownDevice,
  result: HostScanResult,
): Promise<{ changes: ScanChange[]; carried: CarriedBeliefs }> {
  const { scanId, input, baselines } = scan;
  const { deviceId } = previous;
  const changes: ScanChange[] = [];
  if (missedSince(previous, baselines.scans)) {
    changes.push({ kind: 'device-returned', deviceId, address: result.host.address, lastSeenMs: previous.lastSeenMs });
  }
  const baseline = await lastCompleteObservation(db, deviceId, scanId);
  if (!baseline) return { changes, carried: { services: [], findings: [] } };
  const oldFindings = await findingsOf(db, baseline.scanId, deviceId);
  const before = snapshotOfStored(baseline, oldFindings, baselines.portsOf.get(baseline.scanId) ?? '');
  const compared = compareSnapshots(deviceId, before, snapshotOfResult(result, input.ports), {
    reportAbsence: input.status === 'complete',
    portCovered: (transport, port, seenSpec) => portCovered(input.ports, seenSpec, transport, port),
  });
  return { changes: [...changes, ...compared.changes], carried: compared.carried };
}

/** Known devices a complete scan looked for (last seen inside its targets) and did not find, unless already gone. */
function goneDevices(
  known: readonly KnownDevice[],
  seen: ReadonlySet<string>,
  input: RecordScanInput,
  baselines: Baselines,
): ScanChange[] {
  if (input.status !== 'complete') return [];
  const covers = targetCoverage(input.targets);
  return known
    .filter((d) => d.scanned && !seen.has(d.deviceId) && covers(d.lastAddress) && !missedSince(d, baselines.scans))
    .map((d) => ({ kind: 'device-gone', deviceId: d.deviceId, address: d.lastAddress, lastSeenMs: d.lastSeenMs }));
}

/**
 * Stores the hosts of scan `scanId` (its row exists already) and works out what changed. Runs inside the caller's
 * write transaction, after validateScan: identities are matched against the devices as they were before this scan,
 * each host's baseline is its newest observation in an earlier complete scan, and only a complete scan declares
 * devices gone, and only those last seen inside its targets.
 */
export async function recordScanHosts(db: Db, scanId: number, input: RecordScanInput): Promise<RecordScanResult> {
  const known = await loadKnownDevices(db);
  const knownById = new Map(known.map((d) => [d.deviceId, d]));
  const identities = input.hosts.map((r) => observedIdentity(r.host));
  // Decided over the whole scan: a host presenting a known device's ids at a new address while the device still
  // answers (or with another of its ids) is a new device in a conflict, never the device moved.
  const { matches, conflicts } = assessIdentities(identities, known, targetCoverage(input.targets));
  // A newcomer in a conflict is kept as a device of its own, without the ids it shares with the device it claims:
  // later scans then tell the two apart by address, and no copy of a MAC ever claims a record by that MAC.
  const disputed = new Set(conflicts.map((c) => c.newcomer));
  const scans = await completeScansBefore(db, scanId);
  const baselines: Baselines = { scans, portsOf: new Map(scans.map((b) => [b.scanId, b.ports])) };
  const taken = new Set(knownById.keys());
  const changes: ScanChange[] = [];
  const devices: RecordScanResult['devices'] = [];

  for (const [index, result] of input.hosts.entries()) {
    const identity = disputed.has(index) ? { address: identities[index]!.address } : identities[index]!;
    const match = matches[index]!;
    const { host } = result;
    const observedMs = result.observedMs ?? input.finishedMs;
    const deviceId = match.deviceId ?? newDeviceId(taken);
    taken.add(deviceId);
    const sighting = {
      deviceId,
      scanId,
      address: host.address,
      seenMs: observedMs,
      mac: identity.mac,
      stableId: identity.stableId,
      tlsSha256: identity.tlsSha256,
      family: host.device?.family,
      name: displayName(host),
    };
    const previous = knownById.get(deviceId);
    let carried: CarriedBeliefs = { services: [], findings: [] };
    if (!previous?.scanned) {
      // A device the home's sources knew but no scan had seen is new to the scans; the sighting enriches it.
      if (previous) await updateDevice(db, sighting);
      else await insertDevice(db, sighting);
      changes.push({ kind: 'device-new', deviceId, address: host.address });
    } else {
      // Compared before the update, so the baseline and "last seen" are the device as it was before this scan.
      const compared = await changesOfKnown(db, { scanId, input, baselines }, previous, result);
      await updateDevice(db, sighting);
      changes.push(...compared.changes);
      carried = compared.carried;
    }
    await insertObservation(db, { scanId, deviceId, mac: identity.mac, observedMs, result, carried });
    await insertFindings(db, scanId, deviceId, result.findings);
    devices.push({ deviceId, address: host.address, matchedBy: match.matchedBy });
  }
  changes.push(...goneDevices(known, new Set(devices.map((d) => d.deviceId)), input, baselines));
  return { scanId, devices, changes };
}
