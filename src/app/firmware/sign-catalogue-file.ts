/**
 * `catalogue sign` as a use case, for maintainers: read a catalogue file and an Ed25519 private key, sign, and write
 * the detached signature (FILE.sig) or one signed envelope. Files are replaced atomically, so a failed write never
 * leaves a half-written signature beside a good catalogue.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors/index.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { CATALOGUE_ERROR_CODES, CatalogueError } from './catalogue-errors.ts';
import { signCatalogue } from './catalogue-sign.ts';

export interface SignCatalogueRequest {
  file: string;
  keyFile: string;
  /** One signed envelope (catalogue + signature) instead of a detached signature. */
  embed: boolean;
  /** Where to write; default FILE.sig, or nowhere (the caller prints `text`) for an envelope. */
  output?: string | undefined;
}

export interface SignCatalogueResult {
  serial: number;
  keyId: string;
  /** The signature or the envelope. */
  text: string;
  /** The file written, or undefined when the caller should print `text`. */
  written: string | undefined;
}

export function signCatalogueFile(request: SignCatalogueRequest): SignCatalogueResult {
  const bytes = readOrFail(request.file, 'catalogue');
  const privateKey = readOrFail(request.keyFile, 'private key').toString('utf8');
  const signed = signCatalogue(bytes, privateKey, request.file);
  const text = request.embed ? signed.envelope : `${JSON.stringify(signed.signature, null, 2)}\n`;
  const written = request.output ?? (request.embed ? undefined : `${request.file}.sig`);
  // A signature is public, but 0644 would be a surprise next to files the owner keeps private; 0600 like reports.
  if (written !== undefined) writeFileAtomic(written, text);
  return { serial: signed.serial, keyId: signed.signature.keyId, text, written };
}

function readOrFail(file: string, what: 'catalogue' | 'private key'): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (what === 'catalogue') {
      throw new CatalogueError(CATALOGUE_ERROR_CODES.fetch, `cannot read ${file}: ${code}`, error);
    }
    throw new UsageError(`cannot read the ${what} ${file}: ${code}`, { code: 'ERR_USAGE', cause: error });
  }
}
