/**
 * `iotwarden catalog update --from FILE|URL`: fetch, verify (signature first, then content), refuse anything older than
 * the catalogue in use or dated in the future, store it with its signature, and audit-log the outcome. A refused
 * file changes nothing.
 */
import { readFile, stat } from 'node:fs/promises';
import { IotwardenError } from '../../errors/index.ts';
import { requestHttp } from '../../net/http-client.ts';
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import type { FirmwareCatalogue } from './catalogue.ts';
import { CATALOGUE_ERROR_CODES, CatalogueError } from './catalogue-errors.ts';
import {
  activeCatalogue,
  BUNDLED_TRUSTED_KEYS,
  MAX_CATALOGUE_BYTES,
  parseCatalogueDocument,
} from './catalogue-load.ts';
import { checkPublishedDate } from './catalogue-published.ts';
import { parseSignature, readFileShape, type TrustedKey, verifySignature } from './catalogue-signature.ts';
import type { AuditActor } from './types.ts';

export interface CatalogueUpdateOptions {
  /** A file path or an http(s) URL. */
  from: string;
  /** The detached signature; default `<from>.sig` when the file is not a signed envelope. */
  signature?: string;
  store: FirmwareRepository;
  actor: AuditActor;
  nowMs: number;
  trustedKeys?: readonly TrustedKey[];
  bundled?: FirmwareCatalogue;
  /** URL downloads: whole-request deadline. */
  timeoutMs?: number;
}

export interface CatalogueUpdateResult {
  /** false when this exact catalogue was already in use. */
  changed: boolean;
  previousSerial: number;
  serial: number;
  keyId: string;
  published: string;
}

export async function updateCatalogue(options: CatalogueUpdateOptions): Promise<CatalogueUpdateResult> {
  const active = await activeCatalogue(options.store, withKeys(options));
  try {
    return await acceptCatalogue(options, active);
  } catch (error) {
    if (error instanceof IotwardenError) {
      await options.store.appendAudit({
        timeMs: options.nowMs,
        actor: options.actor,
        action: 'catalogue-update',
        result: 'refused',
        detail: `Refused catalogue from ${options.from}: ${error.message}`,
        data: { code: error.code, activeSerial: active.serial },
      });
    }
    throw error;
  }
}

async function acceptCatalogue(
  options: CatalogueUpdateOptions,
  active: FirmwareCatalogue,
): Promise<CatalogueUpdateResult> {
  const bytes = await readSource(options.from, options.timeoutMs);
  if (!bytes) throw new CatalogueError(CATALOGUE_ERROR_CODES.fetch, `cannot read ${options.from}`);
  const shape = readFileShape(bytes, options.from);
  let signature = shape.kind === 'envelope' ? shape.signature : undefined;
  if (!signature) {
    const sigSource = options.signature ?? `${options.from}.sig`;
    const sigBytes = await readSource(sigSource, options.timeoutMs, true);
    if (!sigBytes) {
      throw new CatalogueError(
        CATALOGUE_ERROR_CODES.unsigned,
        `${options.from} is not signed: no embedded signature and no ${sigSource}. iotwarden only accepts catalogues signed by a trusted key; the catalogue in use is unchanged.`,
      );
    }
    signature = parseSignature(sigBytes, sigSource);
  }
  const key = verifySignature(shape.payload, signature, options.trustedKeys ?? BUNDLED_TRUSTED_KEYS, options.from);
  const document = parseCatalogueDocument(shape.payload, options.from);
  checkPublishedDate(document.published, options.nowMs, options.from);
  const base = {
    previousSerial: active.serial,
    serial: document.serial,
    keyId: key.keyId,
    published: document.published,
  };
  if (document.serial === active.serial && signature.sha256 === active.origin.sha256)
    return { ...base, changed: false };
  if (document.serial <= active.serial) {
    throw new CatalogueError(
      CATALOGUE_ERROR_CODES.stale,
      `${options.from} has serial ${document.serial}, but the catalogue in use has serial ${active.serial}: an older or replayed catalogue would hide newer facts. Refused; the catalogue in use is unchanged.`,
    );
  }
  await options.store.saveCatalogue(
    {
      serial: document.serial,
      published: document.published,
      keyId: key.keyId,
      sha256: signature.sha256,
      importedMs: options.nowMs,
      source: options.from,
      payload: shape.payload.toString('utf8'),
      signature: JSON.stringify(signature),
    },
    {
      timeMs: options.nowMs,
      actor: options.actor,
      action: 'catalogue-update',
      result: 'ok',
      detail: `Catalogue serial ${active.serial} → ${document.serial} (published ${document.published}, signed by ${key.keyId}) from ${options.from}`,
      data: { previousSerial: active.serial, serial: document.serial, sha256: signature.sha256 },
    },
  );
  return { ...base, changed: true };
}

function withKeys(options: CatalogueUpdateOptions): {
  trustedKeys?: readonly TrustedKey[];
  bundled?: FirmwareCatalogue;
} {
  return {
    ...(options.trustedKeys ? { trustedKeys: options.trustedKeys } : {}),
    ...(options.bundled ? { bundled: options.bundled } : {}),
  };
}

/** Reads a file or downloads an http(s) URL, bounded by MAX_CATALOGUE_BYTES. `optional`: a missing one is undefined. */
async function readSource(source: string, timeoutMs = 15_000, optional = false): Promise<Buffer | undefined> {
  if (/^https?:\/\//i.test(source)) return download(source, timeoutMs, optional);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new CatalogueError(CATALOGUE_ERROR_CODES.fetch, `${source}: only files and http(s) URLs are supported`);
  }
  try {
    const info = await stat(source);
    if (info.size > MAX_CATALOGUE_BYTES) {
      throw new CatalogueError(
        CATALOGUE_ERROR_CODES.tooLarge,
        `${source} is ${info.size} bytes; a catalogue may be at most ${MAX_CATALOGUE_BYTES}`,
      );
    }
    return await readFile(source);
  } catch (error) {
    if (error instanceof CatalogueError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (optional && code === 'ENOENT') return undefined;
    throw new CatalogueError(CATALOGUE_ERROR_CODES.fetch, `cannot read ${source}: ${code ?? String(error)}`, error);
  }
}

async function download(url: string, timeoutMs: number, optional: boolean): Promise<Buffer | undefined> {
  const parsed = new URL(url);
  const tls = parsed.protocol === 'https:';
  try {
    const response = await requestHttp({
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : tls ? 443 : 80,
      path: `${parsed.pathname}${parsed.search}`,
      tls,
      timeoutMs,
      maxBytes: MAX_CATALOGUE_BYTES,
    });
    if (optional && response.status === 404) return undefined;
    if (response.status !== 200) {
      throw new CatalogueError(CATALOGUE_ERROR_CODES.fetch, `${url} answered HTTP ${response.status}`);
    }
    return response.body;
  } catch (error) {
    if (error instanceof CatalogueError) throw error;
    throw new CatalogueError(
      CATALOGUE_ERROR_CODES.fetch,
      `cannot download ${url}: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
}
