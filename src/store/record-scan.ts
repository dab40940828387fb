import type { Kysely } from 'kysely';
import { StoreError } from '../errors/index.ts';
import { displayName } from '../families/display-name.ts';
import { type CarriedBeliefs, type ChangeSnapshot, compareSnapshots, type FindingRef } from './change-detection.ts';
import { portCovered, targetCoverage } from './coverage.ts';
import { newDeviceId } from './device-id.ts';
import { insertDevice, type KnownDevice, loadKnownDevices, updateDevice } from './device-repository.ts';
import { findingsOf, insertFindings } from './finding-repository.ts';
import { matchIdentities, observedIdentity } from './identity-merge.ts';
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
  return baselines.some((b) => b.scanId > device.lastScanId && b.covers(device.lastAddress));
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
  const matches = matchIdentities(identities, known);
  const baselines = await completeScansBefore(db, scanId);
  const baselinePorts = new Map(baselines.map((b) => [b.scanId, b.ports]));
  const complete = input.status === 'complete';
  const taken = new Set(knownById.keys());
  const changes: ScanChange[] = [];
  const devices: RecordScanResult['devices'] = [];

  for (const [index, result] of input.hosts.entries()) {
    const identity = identities[index]!;
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
      family: host.device?.family,
      name: displayName(host),
    };
    const previous = knownById.get(deviceId);
    let carried: CarriedBeliefs = { services: [], findings: [] };
    if (!previous) {
      await insertDevice(db, sighting);
      changes.push({ kind: 'device-new', deviceId, address: host.address });
    } else {
      const baseline = await lastCompleteObservation(db, deviceId, scanId);
      await updateDevice(db, sighting);
      if (missedSince(previous, baselines)) {
        changes.push({ kind: 'device-returned', deviceId, address: host.address, lastSeenMs: previous.lastSeenMs });
      }
      if (baseline) {
        const oldFindings = await findingsOf(db, baseline.scanId, deviceId);
        const before = snapshotOfStored(baseline, oldFindings, baselinePorts.get(baseline.scanId) ?? '');
        const compared = compareSnapshots(deviceId, before, snapshotOfResult(result, input.ports), {
          reportAbsence: complete,
          portCovered: (transport, port, seenSpec) => portCovered(input.ports, seenSpec, transport, port),
        });
        changes.push(...compared.changes);
        carried = compared.carried;
      }
    }
    await insertObservation(db, { scanId, deviceId, mac: identity.mac, observedMs, result, carried });
    await insertFindings(db, scanId, deviceId, result.findings);
    devices.push({ deviceId, address: host.address, matchedBy: match.matchedBy });
  }

  if (complete) {
    const covers = targetCoverage(input.targets);
    const seen = new Set(devices.map((d) => d.deviceId));
    for (const device of known) {
      if (seen.has(device.deviceId) || !covers(device.lastAddress) || missedSince(device, baselines)) continue;
      changes.push({
        kind: 'device-gone',
        deviceId: device.deviceId,
        address: device.lastAddress,
        lastSeenMs: device.lastSeenMs,
      });
    }
  }
  return { scanId, devices, changes };
}
