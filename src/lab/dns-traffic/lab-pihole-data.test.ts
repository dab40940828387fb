import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSeedHomePiholeDb } from './lab-pihole-data.ts';
import { GARAGE_DOOR_SNTP_HOST } from './traffic-profiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'iotwarden-lab-pihole-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function perClientDomains(file: string): Map<string, Map<string, number>> {
  const db = new BetterSqlite3(file, { readonly: true });
  const rows = db.prepare('SELECT client, domain, count(*) AS n FROM queries GROUP BY 1, 2').all() as Array<{
    client: string;
    domain: string;
    n: number;
  }>;
  db.close();
  const result = new Map<string, Map<string, number>>();
  for (const r of rows) result.set(r.client, (result.get(r.client) ?? new Map()).set(r.domain, r.n));
  return result;
}

describe('the lab Pi-hole database of the seed home', () => {
  it('is reproducible and shows the traffic the demo tells about', () => {
    const endMs = Date.UTC(2026, 0, 20, 12);
    const a = writeSeedHomePiholeDb(join(dir, 'a.db'), { endMs, hours: 2 });
    const b = writeSeedHomePiholeDb(join(dir, 'b.db'), { endMs, hours: 2 });
    expect(a.queries).toBe(b.queries);
    const traffic = perClientDomains(join(dir, 'a.db'));
    expect(traffic).toEqual(perClientDomains(join(dir, 'b.db')));
    // garage-door: one name, about once a second.
    expect([...(traffic.get('127.77.1.10')?.keys() ?? [])]).toEqual([GARAGE_DOOR_SNTP_HOST]);
    expect(traffic.get('127.77.1.10')?.get(GARAGE_DOOR_SNTP_HOST)).toBeGreaterThan(7000);
    // Kasa plugs with the cloud on, and the Tapo bound to an account, call TP-Link's cloud hosts.
    for (const plug of ['127.77.1.30', '127.77.1.34'])
      expect(traffic.get(plug)?.get('n-devs.tplinkcloud.com')).toBeGreaterThan(100);
    expect(traffic.get('127.77.1.31')?.has('n-devs.tplinkcloud.com')).toBe(false);
    // The TV calls trackers; ESPHome devices and the router ask for nothing.
    expect(traffic.get('127.77.1.71')?.get('app-measurement.com')).toBeGreaterThan(500);
    for (const quiet of ['127.77.1.51', '127.77.1.52', '127.77.1.1']) expect(traffic.has(quiet)).toBe(false);
    const db = new BetterSqlite3(join(dir, 'a.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // Gravity (status 1) blocked the trackers.
    expect((db.prepare('SELECT count(*) AS n FROM queries WHERE status = 1').get() as { n: number }).n).toBeGreaterThan(
      500,
    );
    expect((db.prepare('SELECT count(*) AS n FROM network').get() as { n: number }).n).toBe(a.clients.length);
    db.close();
  });
});
