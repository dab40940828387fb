import { sql } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Issue 9 (the family wing): Shelly and TP-Link devices were each one family (`shelly`, `kasa`); they are now two
 * per vendor, told apart by the protocol the device speaks: Shelly Gen1 answers the REST API (`shelly-http`), Gen2+
 * JSON-RPC; a TP-Link device on `kasa-xor` is `kasa-legacy`, one on KLAP or AES `kasa-smart`. Stable ids keep their
 * product-line prefix (`shelly:…`, `kasa:…`), so identities are unchanged.
 */
export const familyIdsMigration: Migration = {
  version: 5,
  name: 'family-ids',
  async up(db) {
    const speaks = (tag: string) =>
      sql`EXISTS (SELECT 1 FROM json_each(facts_json, '$.device.protocols') WHERE value = ${tag})`;
    await sql`UPDATE observations SET facts_json = json_set(facts_json, '$.device.family',
        CASE json_extract(facts_json, '$.device.family')
          WHEN 'shelly' THEN CASE WHEN ${speaks('shelly-rpc')} THEN 'shelly-gen2' ELSE 'shelly-gen1' END
          ELSE CASE WHEN ${speaks('kasa-xor')} THEN 'kasa-legacy' ELSE 'kasa-smart' END
        END)
      WHERE json_valid(facts_json) AND json_extract(facts_json, '$.device.family') IN ('shelly', 'kasa')`.execute(db);
    await sql`UPDATE devices SET family = COALESCE(
        (SELECT json_extract(o.facts_json, '$.device.family') FROM observations o
          WHERE o.device_id = devices.id AND json_valid(o.facts_json) ORDER BY o.scan_id DESC LIMIT 1),
        CASE family WHEN 'shelly' THEN 'shelly-gen1' ELSE 'kasa-legacy' END)
      WHERE family IN ('shelly', 'kasa')`.execute(db);
  },
};
