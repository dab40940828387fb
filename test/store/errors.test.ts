import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/index.ts';
import { openStore } from '../../src/store/index.ts';
import { scan, tempDir } from '../support/store.ts';

const MAC = 'E8:DB:84:00:00:02';

describe('store: failures name the file, say what to do and lose nothing', () => {
  let dir: string;
  let file: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = join(dir, 'data', 'inventory.db');
  });
  afterEach(() => cleanup());

  it('creates a private directory and file', async () => {
    const store = await openStore(file);
    await store.close();
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a write while another process holds the lock fails with ERR_STORE_LOCKED and keeps the old data', async () => {
    const store = await openStore(file, { busyTimeoutMs: 100 });
    await store.recordScan(scan([{ address: '127.77.200.2', mac: MAC, firmware: '1.0' }]));
    const other = new BetterSqlite3(file);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const attempt = store.recordScan(scan([{ address: '127.77.200.3', mac: 'E8:DB:84:00:00:03' }]));
      await expect(attempt).rejects.toMatchObject({ code: 'ERR_STORE_LOCKED' });
      await expect(attempt).rejects.toThrow(file);
      await expect(attempt).rejects.toThrow(/locked by another program/);
      // WAL: readers are not blocked by the writer, and they see the committed data.
      expect((await store.devices()).map((d) => d.address)).toEqual(['127.77.200.2']);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const retry = await store.recordScan(scan([{ address: '127.77.200.3', mac: 'E8:DB:84:00:00:03' }]));
    expect(retry.changes.map((c) => c.kind).sort()).toEqual(['device-gone', 'device-new']);
    expect(await store.scans()).toHaveLength(2);
    await store.close();
  });

  it('opening a database that another process locked exclusively fails clearly', async () => {
    const store = await openStore(file);
    await store.recordScan(scan([{ address: '127.77.200.2', mac: MAC }]));
    await store.close();
    const other = new BetterSqlite3(file);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE; COMMIT'); // takes and, in exclusive locking mode, keeps the lock
    try {
      await expect(openStore(file, { busyTimeoutMs: 100 })).rejects.toMatchObject({ code: 'ERR_STORE_LOCKED' });
    } finally {
      other.close();
    }
    const reopened = await openStore(file);
    expect(await reopened.devices()).toHaveLength(1);
    await reopened.close();
  });

  it('a file that is not a database fails with ERR_STORE_CORRUPT and is left untouched', async () => {
    const store = await openStore(file); // creates the directory
    await store.close();
    const garbage = Buffer.from('these are not the bytes of an SQLite database\n'.repeat(200));
    writeFileSync(file, garbage);
    const attempt = openStore(file);
    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_STORE_CORRUPT' });
    await expect(attempt).rejects.toThrow(`${file}: the file is not a usable iotwarden database`);
    expect(readFileSync(file)).toEqual(garbage);
  });

  it('refuses a database written by a newer iotwarden, and one of another program', async () => {
    const store = await openStore(file);
    await store.recordScan(scan([{ address: '127.77.200.2', mac: MAC }]));
    await store.close();
    const raw = new BetterSqlite3(file);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_ms) VALUES (99, ?, 0)').run('future');
    raw.close();
    await expect(openStore(file)).rejects.toMatchObject({ code: 'ERR_STORE_SCHEMA_NEWER' });
    await expect(openStore(file)).rejects.toThrow(/newer iotwarden \(schema version 99/);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: 1 });
    check.close();

    const foreign = join(dir, 'foreign.db');
    const other = new BetterSqlite3(foreign);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    other.close();
    await expect(openStore(foreign)).rejects.toMatchObject({ code: 'ERR_STORE_FOREIGN' });
  });

  it('a read-only store reads, refuses writes, and never creates a missing file', async () => {
    await expect(openStore(file, { readonly: true })).rejects.toMatchObject({ code: 'ERR_STORE_OPEN' });
    expect(existsSync(file)).toBe(false);
    const writer = await openStore(file);
    await writer.recordScan(scan([{ address: '127.77.200.2', mac: MAC }]));
    await writer.close();
    const reader = await openStore(file, { readonly: true });
    expect(await reader.devices()).toHaveLength(1);
    await expect(reader.recordScan(scan([]))).rejects.toMatchObject({ code: 'ERR_STORE_READONLY' });
    await reader.close();
  });

  it('a path under a regular file fails with ERR_STORE_OPEN', async () => {
    writeFileSync(join(dir, 'plain'), 'x');
    await expect(openStore(join(dir, 'plain', 'inventory.db'))).rejects.toMatchObject({ code: 'ERR_STORE_OPEN' });
  });

  // root ignores directory permissions, so this can only be observed as an ordinary user.
  it.skipIf(process.getuid?.() === 0)('a read-only directory fails with ERR_STORE_READONLY', async () => {
    const store = await openStore(file);
    await store.close();
    chmodSync(join(dir, 'data'), 0o500);
    chmodSync(file, 0o400);
    try {
      const attempt = openStore(file);
      await expect(attempt).rejects.toMatchObject({ code: expect.stringMatching(/ERR_STORE_(READONLY|OPEN)/) });
    } finally {
      chmodSync(join(dir, 'data'), 0o700);
    }
  });

  it('a scan that fails half way is rolled back completely', async () => {
    const store = await openStore(file);
    await store.recordScan(scan([{ address: '127.77.200.2', mac: MAC }]));
    const bad = scan([{ address: '127.77.200.3', mac: 'E8:DB:84:00:00:03' }]);
    // A transport the schema does not allow: the CHECK constraint fails after the scan and device rows were written.
    (bad.hosts[0]!.host.services[0] as { transport: string }).transport = 'sctp';
    await expect(store.recordScan(bad)).rejects.toBeInstanceOf(StoreError);
    expect(await store.scans()).toHaveLength(1);
    expect((await store.devices()).map((d) => d.address)).toEqual(['127.77.200.2']);
    const dup = scan([{ address: '127.77.200.2' }, { address: '127.77.200.2' }]);
    await expect(store.recordScan(dup)).rejects.toMatchObject({ code: 'ERR_STORE_INPUT' });
    await store.close();
  });
});
