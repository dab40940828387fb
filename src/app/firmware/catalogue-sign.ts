/** `iotwarden catalog sign`: maintainers sign a catalogue file with the offline private key. */
import { CATALOGUE_ERROR_CODES, CatalogueError } from './catalogue-errors.ts';
import { parseCatalogueDocument } from './catalogue-load.ts';
import { type CatalogueSignature, ENVELOPE_FORMAT, readFileShape, signPayload } from './catalogue-signature.ts';

export interface SignedCatalogue {
  signature: CatalogueSignature;
  /** The embedded form: one file carrying the catalogue text and its signature. */
  envelope: string;
  serial: number;
}

/**
 * Signs the exact bytes of a catalogue file. The content is validated first, so a maintainer cannot sign a file
 * every iotwarden would then refuse; an already-signed envelope is refused rather than signed twice.
 */
export function signCatalogue(bytes: Buffer, privateKeyPem: string, where: string): SignedCatalogue {
  if (readFileShape(bytes, where).kind === 'envelope') {
    throw new CatalogueError(
      CATALOGUE_ERROR_CODES.format,
      `${where} is already a signed envelope; sign the bare catalogue`,
    );
  }
  const document = parseCatalogueDocument(bytes, where);
  const signature = signPayload(bytes, privateKeyPem);
  const envelope = `${JSON.stringify({ format: ENVELOPE_FORMAT, signature, payload: bytes.toString('utf8') }, null, 2)}\n`;
  return { signature, envelope, serial: document.serial };
}
