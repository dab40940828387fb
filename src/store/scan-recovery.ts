import { hostname } from 'node:os';
import { type DatabaseHandle, withWriteTransaction } from './database.ts';
import { recordScanHosts, validateScan } from './record-scan.ts';
import { clearJournal, journaledHosts } from './scan-journal.ts';
import { closeScan, runningScans, type ScanRunner, scanRequest } from './scan-repository.ts';

/**
 * A running scan whose recorder has shown no sign of life for this long is taken for dead even when its process
 * cannot be checked (another machine on a shared disk, or a recycled pid). A live scan records every host it
 * finishes; a day without one is far beyond any scan iotwarden allows (a /16 at the default rate takes minutes).
 */
const STALE_AFTER_MS = 24 * 3_600_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function stale(runner: ScanRunner | undefined, lastProgressMs: number, nowMs: number): boolean {
  if (nowMs - lastProgressMs > STALE_AFTER_MS) return true;
  if (!runner) return true;
  return runner.host === hostname() && !alive(runner.pid);
}

/** One scan found interrupted and recorded. */
export interface RecoveredScan {
  scanId: number;
  hosts: number;
}

/**
 * Records the scans whose process died mid-scan (killed, crashed, power cut) as `interrupted`, with the hosts their
 * journal kept, so the inventory shows what they found and no scan stays `running` forever. Interrupted scans count
 * like cancelled ones: what they saw is recorded, but they are no baseline and declare nothing gone, closed or
 * resolved. Each scan is recorded in its own transaction, re-checked inside it, so two processes opening the file
 * at once never record one twice.
 */
export async function recoverInterruptedScans(handle: DatabaseHandle, nowMs = Date.now()): Promise<RecoveredScan[]> {
  const candidates = await runningScans(handle.db);
  const recovered: RecoveredScan[] = [];
  for (const candidate of candidates) {
    if (!stale(candidate.runner, candidate.lastProgressMs, nowMs)) continue;
    const done = await withWriteTransaction(handle, 'record an interrupted scan in', async (db) => {
      const request = await scanRequest(db, candidate.scanId);
      if (!request) return undefined;
      const hosts = (await journaledHosts(db, candidate.scanId)).sort((a, b) =>
        a.host.address.localeCompare(b.host.address, 'en', { numeric: true }),
      );
      const finishedMs = Math.max(candidate.lastProgressMs, ...hosts.map((h) => h.observedMs ?? 0));
      const input = { ...request, finishedMs, status: 'interrupted' as const, hosts };
      validateScan(input);
      const end = { status: input.status, finishedMs, hostCount: hosts.length };
      if (!(await closeScan(db, candidate.scanId, end))) return undefined;
      await recordScanHosts(db, candidate.scanId, input);
      await clearJournal(db, candidate.scanId);
      return { scanId: candidate.scanId, hosts: hosts.length };
    });
    if (done) recovered.push(done);
  }
  return recovered;
}
