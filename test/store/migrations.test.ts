import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/index.ts';
import { openDatabase } from '../../src/store/database.ts';
import { MIGRATIONS, type Migration } from '../../src/store/migrations/index.ts';
import { APPLICATION_ID, migrate } from '../../src/store/migrator.ts';
import { openStore } from '../../src/store/store.ts';
import { scan, tempDir } from '../support/store.ts';

const addNotes: Migration = {
  version: MIGRATIONS.length + 1,
  name: 'notes',
  async up(db) {
    await sql`CREATE TABLE notes (device_id TEXT NOT NULL REFERENCES devices (id), text TEXT NOT NULL)`.execute(db);
  },
};

const broken: Migration = {
  version: MIGRATIONS.length + 1,
  name: 'broken',
  async up(db) {
    await sql`CREATE TABLE half_done (x INTEGER)`.execute(db);
    await sql`INSERT INTO no_such_table VALUES (1)`.execute(db);
  },
};

describe('store migrations', () => {
  let file: string;
  let cleanup: () => void;

  beforeEach(() => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    file = join(temp.dir, 'inventory.db');
  });
  afterEach(() => cleanup());

  async function migrationRows(): Promise<Array<{ version: number; name: string }>> {
    const handle = openDatabase(file, { readonly: true });
    try {
      return await handle.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
    } finally {
      await handle.db.destroy();
    }
  }

  it('applies each migration once, however often the store is opened, and keeps the data', async () => {
    const first = await openStore(file);
    await first.recordScan(scan([{ address: '127.77.200.2', mac: 'E8:DB:84:00:00:02' }]));
    await first.close();
    for (let i = 0; i < 3; i++) {
      const again = await openStore(file);
      expect(await again.devices()).toHaveLength(1);
      await again.close();
    }
    expect(await migrationRows()).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));

    const handle = openDatabase(file);
    const appId = await sql<{ application_id: number }>`PRAGMA application_id`.execute(handle.db);
    expect(appId.rows[0]?.application_id).toBe(APPLICATION_ID);
    expect(await migrate(handle)).toEqual({ version: MIGRATIONS.length, applied: [] });
    await handle.db.destroy();
  });

  it('applies only the pending migrations of a longer list, in order', async () => {
    const handle = openDatabase(file);
    expect((await migrate(handle)).applied).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(handle, [...MIGRATIONS, addNotes])).toEqual({
      version: addNotes.version,
      applied: [addNotes.version],
    });
    expect((await migrate(handle, [...MIGRATIONS, addNotes])).applied).toEqual([]);
    await handle.db.destroy();
    expect((await migrationRows()).at(-1)).toEqual({ version: addNotes.version, name: 'notes' });
  });

  it('rolls a failing migration back completely', async () => {
    const handle = openDatabase(file);
    await migrate(handle);
    await expect(migrate(handle, [...MIGRATIONS, broken])).rejects.toBeInstanceOf(StoreError);
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE name = 'half_done'`.execute(
      handle.db,
    );
    expect(tables.rows).toEqual([]);
    await handle.db.destroy();
    expect(await migrationRows()).toHaveLength(MIGRATIONS.length);
  });

  it('refuses a migration list that is out of order', async () => {
    const handle = openDatabase(file);
    await expect(migrate(handle, [{ ...addNotes, version: 7 }])).rejects.toThrow(/version 7, want 1/);
    await handle.db.destroy();
  });

  it('rebuilds the scans table for the new statuses, keeping rows, ids, references and foreign keys', async () => {
    const handle = openDatabase(file);
    await migrate(handle, MIGRATIONS.slice(0, 5));
    for (const [id, status] of [
      [1, 'complete'],
      [2, 'cancelled'],
      [3, 'failed'],
    ] as const) {
      await sql`INSERT INTO scans (id, started_ms, finished_ms, targets_json, ports, status, host_count)
        VALUES (${id}, ${id}, ${id + 1}, '["127.77.200.0/24"]', 'default', ${status}, 1)`.execute(handle.db);
    }
    await sql`INSERT INTO devices (id, mac, stable_id, family, name, last_address, first_seen_ms, last_seen_ms, last_scan_id)
      VALUES ('dev_a', NULL, NULL, NULL, 'a', '127.77.200.2', 1, 2, 2)`.execute(handle.db);
    await sql`INSERT INTO observations (scan_id, device_id, address, mac, sources_json, observed_ms, score, facts_json, skipped_json, carried_json)
      VALUES (2, 'dev_a', '127.77.200.2', NULL, '[]', 2, 90, '{}', '[]', '{}')`.execute(handle.db);
    await sql`DELETE FROM scans WHERE id = 3`.execute(handle.db);
    expect((await migrate(handle)).applied).toEqual(MIGRATIONS.filter((m) => m.version > 5).map((m) => m.version));

    const scans = await sql<{ id: number; status: string }>`SELECT id, status FROM scans ORDER BY id`.execute(
      handle.db,
    );
    expect(scans.rows).toEqual([
      { id: 1, status: 'complete' },
      { id: 2, status: 'cancelled' },
    ]);
    const observations = await sql<{ n: number }>`SELECT count(*) AS n FROM observations`.execute(handle.db);
    expect(observations.rows[0]?.n).toBe(1);
    // AUTOINCREMENT still never hands out the id of the deleted newest scan.
    const next = await sql<{
      id: number;
    }>`INSERT INTO scans (started_ms, finished_ms, targets_json, ports, status, host_count)
      VALUES (5, 5, '[]', 'default', 'running', 0) RETURNING id`.execute(handle.db);
    expect(next.rows[0]?.id).toBe(4);
    await expect(sql`UPDATE scans SET status = 'bogus' WHERE id = 4`.execute(handle.db)).rejects.toThrow(
      /CHECK constraint/,
    );
    // Foreign keys are on again and still point at the rebuilt table.
    await expect(sql`UPDATE devices SET last_scan_id = 99 WHERE id = 'dev_a'`.execute(handle.db)).rejects.toThrow(
      /FOREIGN KEY/,
    );
    await handle.db.destroy();
  });

  it('lets a device exist before any scan (013), keeping devices, their observations and foreign keys', async () => {
    const handle = openDatabase(file);
    const before = MIGRATIONS.filter((m) => m.version < 13);
    await migrate(handle, before);
    await sql`INSERT INTO scans (id, started_ms, finished_ms, targets_json, ports, status, host_count)
      VALUES (1, 1, 2, '[]', 'default', 'complete', 1)`.execute(handle.db);
    await sql`INSERT INTO devices (id, mac, stable_id, family, name, last_address, first_seen_ms, last_seen_ms, last_scan_id)
      VALUES ('dev_a', 'AA:BB:CC:00:11:22', NULL, NULL, 'a', '127.77.200.2', 1, 2, 1)`.execute(handle.db);
    await sql`INSERT INTO observations (scan_id, device_id, address, mac, sources_json, observed_ms, score, facts_json, skipped_json, carried_json)
      VALUES (1, 'dev_a', '127.77.200.2', NULL, '[]', 2, 90, '{}', '[]', '{}')`.execute(handle.db);
    await sql`UPDATE devices SET tls_sha256 = 'ab12' WHERE id = 'dev_a'`.execute(handle.db);
    expect((await migrate(handle)).applied).toEqual([13]);
    // The rebuild keeps the certificate pin migration 008 added.
    const pinned = await sql<{ tls: string }>`SELECT tls_sha256 AS tls FROM devices WHERE id = 'dev_a'`.execute(
      handle.db,
    );
    expect(pinned.rows[0]?.tls).toBe('ab12');
    const devices = await sql<{
      id: string;
      mac: string;
      last_scan_id: number;
    }>`SELECT id, mac, last_scan_id FROM devices`.execute(handle.db);
    expect(devices.rows).toEqual([{ id: 'dev_a', mac: 'AA:BB:CC:00:11:22', last_scan_id: 1 }]);
    await sql`INSERT INTO devices (id, mac, stable_id, family, name, last_address, first_seen_ms, last_seen_ms, last_scan_id)
      VALUES ('dev_b', NULL, NULL, NULL, 'b', '127.77.200.3', 1, 2, NULL)`.execute(handle.db);
    await expect(sql`UPDATE devices SET last_scan_id = 99 WHERE id = 'dev_a'`.execute(handle.db)).rejects.toThrow(
      /FOREIGN KEY/,
    );
    // Deleting a device still cascades to its observations (the rebuilt table is what they reference).
    await sql`DELETE FROM devices WHERE id = 'dev_a'`.execute(handle.db);
    const observations = await sql<{ n: number }>`SELECT count(*) AS n FROM observations`.execute(handle.db);
    expect(observations.rows[0]?.n).toBe(0);
    await handle.db.destroy();
  });

  it('moves devices stored under the old vendor-wide families to the family their protocol names', async () => {
    const handle = openDatabase(file);
    await migrate(handle, MIGRATIONS.slice(0, 4));
    await sql`INSERT INTO scans (id, started_ms, finished_ms, targets_json, ports, status, host_count)
      VALUES (1, 1, 2, '[]', 'default', 'complete', 4)`.execute(handle.db);
    const old: Array<[string, string, string[]]> = [
      ['dev_a', 'shelly', ['shelly-http']],
      ['dev_b', 'shelly', ['shelly-rpc']],
      ['dev_c', 'kasa', ['kasa-xor']],
      ['dev_d', 'kasa', ['klap']],
      ['dev_e', 'hue', ['hue-v1']],
    ];
    for (const [id, family, protocols] of old) {
      const facts = JSON.stringify({ address: id, device: { family, protocols } });
      await sql`INSERT INTO devices (id, mac, stable_id, family, name, last_address, first_seen_ms, last_seen_ms, last_scan_id)
        VALUES (${id}, NULL, ${`${family}:${id}`}, ${family}, NULL, ${id}, 1, 2, 1)`.execute(handle.db);
      await sql`INSERT INTO observations (scan_id, device_id, address, mac, sources_json, observed_ms, score, facts_json, skipped_json, carried_json)
        VALUES (1, ${id}, ${id}, NULL, '[]', 2, 100, ${facts}, '[]', '{}')`.execute(handle.db);
    }
    await migrate(handle);
    const rows = await sql<{ id: string; family: string; stable_id: string; fact: string }>`
      SELECT d.id, d.family, d.stable_id, json_extract(o.facts_json, '$.device.family') AS fact
      FROM devices d JOIN observations o ON o.device_id = d.id ORDER BY d.id`.execute(handle.db);
    await handle.db.destroy();
    expect(rows.rows.map((r) => [r.id, r.family, r.fact, r.stable_id])).toEqual([
      ['dev_a', 'shelly-gen1', 'shelly-gen1', 'shelly:dev_a'],
      ['dev_b', 'shelly-gen2', 'shelly-gen2', 'shelly:dev_b'],
      ['dev_c', 'kasa-legacy', 'kasa-legacy', 'kasa:dev_c'],
      ['dev_d', 'kasa-smart', 'kasa-smart', 'kasa:dev_d'],
      ['dev_e', 'hue', 'hue', 'hue:dev_e'],
    ]);
  });
});
