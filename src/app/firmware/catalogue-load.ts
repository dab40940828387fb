/**
 * Which catalogue is in use: the newest verified one among the bundled catalogue (shipped, signed) and the ones
 * `catalog update` accepted into the store. Stored catalogues are verified again on every load, so editing the
 * database cannot smuggle in facts the trusted keys never signed.
 */

import bundledEnvelope from '../../firmware-catalogue/catalogue.signed.json' with { type: 'json' };
import bundledKeys from '../../firmware-catalogue/trusted-keys.json' with { type: 'json' };
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import { FirmwareCatalogue } from './catalogue.ts';
import { CATALOGUE_ERROR_CODES, CatalogueError } from './catalogue-errors.ts';
import { type CatalogueDocument, catalogueDocumentSchema } from './catalogue-schema.ts';
import {
  type CatalogueSignature,
  parseSignature,
  parseTrustedKeys,
  readFileShape,
  type TrustedKey,
  verifySignature,
} from './catalogue-signature.ts';

/** The public keys shipped with iotwarden (src/firmware-catalogue/trusted-keys.json). */
export const BUNDLED_TRUSTED_KEYS: readonly TrustedKey[] = parseTrustedKeys(bundledKeys);

/** The maximum size of a catalogue file: today's is ~20 KB; 2 MiB leaves room and stops a runaway download. */
export const MAX_CATALOGUE_BYTES = 2 * 1024 * 1024;

/** Validates the signed payload as a catalogue document. Only ever called after the signature checked out. */
export function parseCatalogueDocument(payload: Buffer, where: string): CatalogueDocument {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new CatalogueError(CATALOGUE_ERROR_CODES.format, `${where}: the signed content is not JSON`, error);
  }
  const result = catalogueDocumentSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CatalogueError(
      CATALOGUE_ERROR_CODES.format,
      `${where} is not a firmware catalogue: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}

/** The bundled catalogue, verified against `trustedKeys` (the bundled keys unless a test injects its own). */
export function bundledCatalogue(trustedKeys: readonly TrustedKey[] = BUNDLED_TRUSTED_KEYS): FirmwareCatalogue {
  const where = 'the bundled catalogue';
  const shape = readFileShape(Buffer.from(JSON.stringify(bundledEnvelope)), where);
  if (shape.kind !== 'envelope') throw new CatalogueError(CATALOGUE_ERROR_CODES.unsigned, `${where} is not signed`);
  const key = verifySignature(shape.payload, shape.signature, trustedKeys, where);
  return new FirmwareCatalogue(parseCatalogueDocument(shape.payload, where), {
    kind: 'bundled',
    keyId: key.keyId,
    sha256: shape.signature.sha256,
    source: 'src/firmware-catalogue/catalogue.signed.json',
  });
}

export interface ActiveCatalogueOptions {
  trustedKeys?: readonly TrustedKey[];
  /** Told about stored catalogues that no longer verify (and are skipped). */
  onWarning?: (message: string) => void;
  /** The bundled catalogue to compare with (tests). */
  bundled?: FirmwareCatalogue;
}

/** The catalogue in use: the highest serial among the bundled one and the verified stored ones (bundled wins ties). */
export async function activeCatalogue(
  store: FirmwareRepository | undefined,
  options: ActiveCatalogueOptions = {},
): Promise<FirmwareCatalogue> {
  const trustedKeys = options.trustedKeys ?? BUNDLED_TRUSTED_KEYS;
  const bundled = options.bundled ?? bundledCatalogue();
  if (!store) return bundled;
  for (const stored of await store.catalogues()) {
    if (stored.serial <= bundled.serial) break;
    const where = `stored catalogue #${stored.id} (serial ${stored.serial}, from ${stored.source})`;
    try {
      const payload = Buffer.from(stored.payload, 'utf8');
      const signature: CatalogueSignature = parseSignature(Buffer.from(stored.signature, 'utf8'), where);
      const key = verifySignature(payload, signature, trustedKeys, where);
      return new FirmwareCatalogue(parseCatalogueDocument(payload, where), {
        kind: 'store',
        keyId: key.keyId,
        sha256: signature.sha256,
        source: stored.source,
        importedMs: stored.importedMs,
      });
    } catch (error) {
      if (!(error instanceof CatalogueError)) throw error;
      options.onWarning?.(`${error.message} [${error.code}]; skipped`);
    }
  }
  return bundled;
}
