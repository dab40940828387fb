import type { Kysely } from 'kysely';
import type { FirmwareCataloguesTable } from './firmware-schema.ts';
import type { StoreSchema } from './schema.ts';

type Db = Kysely<StoreSchema>;

/** An accepted catalogue as stored: the signed bytes and their signature, re-verified whenever it is loaded. */
export interface StoredCatalogue {
  id: number;
  serial: number;
  published: string;
  keyId: string;
  sha256: string;
  importedMs: number;
  source: string;
  payload: string;
  signature: string;
}

export type NewCatalogue = Omit<StoredCatalogue, 'id'>;

export async function insertCatalogue(db: Db, catalogue: NewCatalogue): Promise<StoredCatalogue> {
  const row = await db
    .insertInto('firmware_catalogues')
    .values({
      serial: catalogue.serial,
      published: catalogue.published,
      key_id: catalogue.keyId,
      sha256: catalogue.sha256,
      imported_ms: catalogue.importedMs,
      source: catalogue.source,
      payload: catalogue.payload,
      signature: catalogue.signature,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCatalogue(row);
}

/** Accepted catalogues, newest serial first (the most recent import first within one serial). */
export async function selectCatalogues(db: Db): Promise<StoredCatalogue[]> {
  const rows = await db
    .selectFrom('firmware_catalogues')
    .selectAll()
    .orderBy('serial', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toCatalogue);
}

function toCatalogue(row: Omit<FirmwareCataloguesTable, 'id'> & { id: number }): StoredCatalogue {
  return {
    id: row.id,
    serial: row.serial,
    published: row.published,
    keyId: row.key_id,
    sha256: row.sha256,
    importedMs: row.imported_ms,
    source: row.source,
    payload: row.payload,
    signature: row.signature,
  };
}
