import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { host, scan, tempDir } from '../support/store.ts';

const M1 = 'E8:DB:84:00:00:01';
const M2 = 'E8:DB:84:00:00:02';
const M3 = 'E8:DB:84:00:00:03';

/** A pid that belonged to a process which has exited: what a killed scan leaves in its row. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid ?? 999_999;
}

describe('store: a scan is kept host by host while it runs', () => {
  let file: string;
  let cleanup: () => void;
  let store: Store;
  const notices: string[] = [];
  const reopen = async (): Promise<Store> => {
    await store.close();
    store = await openStore(file, { onNotice: (message) => notices.push(message) });
    return store;
  };
  const raw = <T>(query: string): T => {
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      return db.prepare(query).get() as T;
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    file = join(temp.dir, 'inventory.db');
    notices.length = 0;
    store = await openStore(file);
  });
  afterEach(async () => {
    await store.close();
    cleanup();
  });

  it('commits each host to the journal at once, and recording the scan moves it into the inventory', async () => {
    const input = scan([
      { address: '127.77.200.2', mac: M1 },
      { address: '127.77.200.3', mac: M2 },
    ]);
    const session = await store.beginScan(input);
    expect((await store.scans())[0]).toMatchObject({ scanId: session.scanId, status: 'running', hostCount: 0 });
    await session.recordHost(input.hosts[0]!);
    // Committed, and visible to another connection, while the scan still runs; the inventory is not touched yet.
    expect(raw<{ n: number }>('SELECT count(*) AS n FROM scan_hosts').n).toBe(1);
    expect((await store.scans())[0]).toMatchObject({ status: 'running', hostCount: 1 });
    expect(await store.devices()).toEqual([]);
    await session.recordHost(input.hosts[1]!);
    const record = await session.finish({ status: 'complete', finishedMs: input.finishedMs, hosts: input.hosts });
    expect(record.devices.map((d) => [d.address, d.matchedBy])).toEqual([
      ['127.77.200.2', 'new'],
      ['127.77.200.3', 'new'],
    ]);
    expect(raw<{ n: number }>('SELECT count(*) AS n FROM scan_hosts').n).toBe(0);
    expect((await store.scans())[0]).toMatchObject({ status: 'complete', hostCount: 2 });
    expect((await store.devices()).map((d) => d.address)).toEqual(['127.77.200.2', '127.77.200.3']);
    await expect(session.recordHost(input.hosts[0]!)).rejects.toThrow(/already recorded/);
  });

  it('records the same identities and changes as a scan recorded in one go', async () => {
    await store.recordScan(scan([{ address: '127.77.200.2', mac: M1, firmware: '1.0' }, { address: '127.77.200.3' }]));
    // The plug moves from .2 to .3 and another device (its own MAC) takes .2, finishing first: identities are matched
    // across the whole scan (the MAC claims the plug before an address can), not host by host in the order they
    // finished. (A host at .2 showing no MAC at all would count as the plug still answering there: issue 8.)
    const second = scan([
      { address: '127.77.200.2', mac: M2 },
      { address: '127.77.200.3', mac: M1, firmware: '1.1' },
    ]);
    const session = await store.beginScan(second);
    for (const result of second.hosts) await session.recordHost(result);
    const record = await session.finish({ status: 'complete', finishedMs: second.finishedMs, hosts: second.hosts });
    expect(record.devices.map((d) => d.matchedBy)).toEqual(['new', 'mac']);
    expect(record.changes.map((c) => `${c.kind}@${c.address}`).sort()).toEqual([
      'address-changed@127.77.200.3',
      'device-gone@127.77.200.3',
      'device-new@127.77.200.2',
      'firmware-changed@127.77.200.3',
    ]);
  });

  it('after a crash, the next open records the kept hosts as an interrupted scan, which is no baseline', async () => {
    const first = scan([
      { address: '127.77.200.2', mac: M1, findings: [{ checkId: 'auth.no-login' }] },
      { address: '127.77.200.3', mac: M2 },
    ]);
    await store.recordScan(first);
    const crashed = scan([
      { address: '127.77.200.2', mac: M1 },
      { address: '127.77.200.4', mac: M3 },
    ]);
    const session = await store.beginScan(crashed);
    await session.recordHost(crashed.hosts[0]!, crashed.finishedMs - 2000);
    await session.recordHost(crashed.hosts[1]!, crashed.finishedMs - 1000);
    // The process "dies": its row names a pid that no longer exists, and nothing finishes the scan.
    const db = new BetterSqlite3(file);
    db.prepare('UPDATE scans SET runner_pid = ? WHERE id = ?').run(deadPid(), session.scanId);
    db.close();

    await reopen();
    expect(notices).toEqual([
      `scan ${session.scanId} was interrupted before it finished; kept the 2 host(s) it had inspected`,
    ]);
    expect((await store.scans())[0]).toMatchObject({
      scanId: session.scanId,
      status: 'interrupted',
      hostCount: 2,
      finishedMs: crashed.finishedMs - 1000,
    });
    const devices = await store.devices();
    expect(devices.map((d) => [d.address, d.lastScanId])).toEqual([
      ['127.77.200.2', session.scanId],
      ['127.77.200.3', session.scanId - 1],
      ['127.77.200.4', session.scanId],
    ]);
    expect(raw<{ n: number }>('SELECT count(*) AS n FROM scan_hosts').n).toBe(0);

    // The interrupted scan saw .2 without its finding; the next complete scan compares with the last complete one.
    const next = await store.recordScan(
      scan([
        { address: '127.77.200.2', mac: M1, findings: [{ checkId: 'auth.no-login' }] },
        { address: '127.77.200.4', mac: M3 },
      ]),
    );
    expect(next.changes.map((c) => `${c.kind}@${c.address}`).sort()).toEqual(['device-gone@127.77.200.3']);
    await reopen();
    expect(notices).toHaveLength(1);
  });

  it('tells a scan whose process is alive from one whose process died a moment ago', async () => {
    const input = scan([{ address: '127.77.200.2', mac: M1 }]);
    const live = await store.beginScan(input);
    await live.recordHost(input.hosts[0]!, Date.now());
    await reopen();
    expect((await store.scans())[0]).toMatchObject({ scanId: live.scanId, status: 'running' });
    expect(notices).toEqual([]);

    const db = new BetterSqlite3(file);
    db.prepare('UPDATE scans SET runner_pid = ? WHERE id = ?').run(deadPid(), live.scanId);
    db.close();
    await reopen();
    expect((await store.scans())[0]).toMatchObject({ scanId: live.scanId, status: 'interrupted', hostCount: 1 });
  });

  it('a scan whose loop failed keeps its journaled hosts as a failed scan', async () => {
    await store.recordScan(scan([{ address: '127.77.200.3', mac: M2 }]));
    const input = scan([{ address: '127.77.200.2', mac: M1 }]);
    const session = await store.beginScan(input);
    await session.recordHost(input.hosts[0]!);
    const record = await session.abandon('failed', input.finishedMs);
    expect(record.changes.map((c) => c.kind)).toEqual(['device-new']);
    expect((await store.scans())[0]).toMatchObject({ status: 'failed', hostCount: 1 });
    expect((await store.devices()).map((d) => d.address)).toEqual(['127.77.200.2', '127.77.200.3']);
  });

  it('refuses a host whose score is out of range before anything is written', async () => {
    const session = await store.beginScan(scan([]));
    await expect(session.recordHost({ ...host({ address: '127.77.200.2' }), score: 140 })).rejects.toMatchObject({
      code: 'ERR_STORE_INPUT',
    });
    expect(raw<{ n: number }>('SELECT count(*) AS n FROM scan_hosts').n).toBe(0);
  });
});
