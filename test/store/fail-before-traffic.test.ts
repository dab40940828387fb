import { chmodSync, closeSync, openSync, statSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { testAddress } from '../support/addresses.ts';
import { cliHome, giveToUnprivileged, runCli } from '../support/cli-process.ts';
import { scan } from '../support/store.ts';

/**
 * Issue 8, "store problems surface too late": a read-only or damaged database must stop a scan before its first
 * packet. A listener on this file's loopback block counts every connection the scan makes.
 */
let server: Server;
let address: string;
let port: number;
let accepted = 0;

beforeAll(async () => {
  address = testAddress();
  server = createServer((socket) => {
    accepted += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen({ host: address, port: 0 }, resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a scan checks its database before the first packet', () => {
  let home: string;
  let cleanup: () => void;
  let db: string;
  const scanArgs = () => ['scan', '--targets', address, '--ports', String(port), '--db', db, '--json', '--no-progress'];

  beforeEach(async () => {
    ({ home, cleanup } = cliHome());
    db = join(home, 'data', 'inventory.db');
    const store = await openStore(db);
    await store.recordScan(scan([{ address: '127.77.200.2', mac: 'E8:DB:84:00:00:02' }]));
    await store.close();
    giveToUnprivileged(home);
    accepted = 0;
  });
  afterEach(() => {
    chmodSync(join(home, 'data'), 0o700);
    cleanup();
  });

  /** Connections can still be in the accept queue when the child exits; give the event loop a turn. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

  it('with a writable database the same scan does connect (the control)', async () => {
    const run = await runCli(scanArgs(), { home, unprivileged: true });
    await settle();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(accepted).toBeGreaterThan(0);
  }, 60_000);

  it('a read-only database file: one coded line, exit 1, no connection', async () => {
    chmodSync(db, 0o400);
    const run = await runCli(scanArgs(), { home, unprivileged: true });
    await settle();
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(db);
    expect(run.stderr).toMatch(/read-only.*\[ERR_STORE_READONLY\]$/m);
    expect(run.stdout).toBe('');
    expect(accepted).toBe(0);
  }, 60_000);

  it('a read-only directory: one coded line, exit 1, no connection', async () => {
    chmodSync(join(home, 'data'), 0o500);
    const run = await runCli(scanArgs(), { home, unprivileged: true });
    await settle();
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/\[ERR_STORE_(READONLY|OPEN)\]$/m);
    expect(accepted).toBe(0);
  }, 60_000);

  it('a damaged database that still opens: one coded line, exit 1, no connection', async () => {
    corruptTable(db, 'config_snapshots');
    const run = await runCli(scanArgs(), { home, unprivileged: true });
    await settle();
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/\[ERR_STORE_CORRUPT\]$/m);
    expect(accepted).toBe(0);
  }, 60_000);
});

describe('Store.preflight', () => {
  it('passes a healthy writable database and refuses a store opened read-only', async () => {
    const { home, cleanup } = cliHome();
    try {
      const db = join(home, 'inventory.db');
      const writer = await openStore(db);
      await writer.preflight();
      await writer.close();
      const reader = await openStore(db, { readonly: true });
      await expect(reader.preflight()).rejects.toMatchObject({ code: 'ERR_STORE_READONLY' });
      await reader.close();
    } finally {
      cleanup();
    }
  });
});

describe('database permissions', () => {
  it('tightens an existing database readable by others to 0600 and says so once on stderr', async () => {
    const { home, cleanup } = cliHome();
    try {
      const db = join(home, 'inventory.db');
      const store = await openStore(db);
      await store.close();
      chmodSync(db, 0o644);
      const first = await runCli(['devices', '--db', db], { home });
      expect(first.status).toBe(0);
      expect(first.stderr).toBe(`iotwarden: tightened permissions of ${db} to 0600 (it was 0644)\n`);
      expect(statSync(db).mode & 0o777).toBe(0o600);
      const second = await runCli(['devices', '--db', db], { home });
      expect(second.stderr).toBe('');
    } finally {
      cleanup();
    }
  }, 60_000);

  it("leaves another program's database and its mode untouched", async () => {
    const { home, cleanup } = cliHome();
    try {
      const foreign = join(home, 'other.db');
      const other = new BetterSqlite3(foreign);
      other.exec('CREATE TABLE notes (text TEXT)');
      other.close();
      chmodSync(foreign, 0o644);
      const notices: string[] = [];
      await expect(openStore(foreign, { onNotice: (m) => notices.push(m) })).rejects.toMatchObject({
        code: 'ERR_STORE_FOREIGN',
      });
      expect(statSync(foreign).mode & 0o777).toBe(0o644);
      expect(notices).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('keeps a read-only file read-only', async () => {
    const { home, cleanup } = cliHome();
    try {
      const db = join(home, 'inventory.db');
      await (await openStore(db)).close();
      chmodSync(db, 0o444);
      const notices: string[] = [];
      await (await openStore(db, { readonly: true, onNotice: (m) => notices.push(m) })).close();
      expect(statSync(db).mode & 0o777).toBe(0o400);
      expect(notices).toEqual([`tightened permissions of ${db} to 0400 (it was 0444)`]);
    } finally {
      cleanup();
    }
  });
});

/** Overwrites the first bytes of a table's root page: the file still opens, but the table is damaged. */
function corruptTable(file: string, table: string): void {
  const raw = new BetterSqlite3(file);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  const { rootpage } = raw.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as {
    rootpage: number;
  };
  raw.close();
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (rootpage - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}
