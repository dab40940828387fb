/**
 * Ed25519 signatures over catalogue files (RFC 8032, node:crypto). The signature covers the exact bytes of the
 * catalogue JSON, so no canonical form is needed. Two shapes: a detached `FILE.sig` beside the catalogue, or one
 * embedded envelope that carries the catalogue text as a string.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { CATALOGUE_ERROR_CODES, CatalogueError } from './catalogue-errors.ts';

export const SIGNATURE_FORMAT = 'iotwarden-signature';
export const ENVELOPE_FORMAT = 'iotwarden-signed-catalogue';

const signatureSchema = z
  .object({
    format: z.literal(SIGNATURE_FORMAT),
    algorithm: z.literal('ed25519'),
    keyId: z.string().min(1),
    /** SHA-256 of the signed bytes (hex): lets a user match a signature to its file by eye. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    signature: z.base64(),
  })
  .strict();

export type CatalogueSignature = z.infer<typeof signatureSchema>;

const envelopeSchema = z
  .object({ format: z.literal(ENVELOPE_FORMAT), signature: signatureSchema, payload: z.string() })
  .strict();

/** A public key iotwarden trusts to sign catalogues. */
export interface TrustedKey {
  keyId: string;
  publicKey: KeyObject;
  comment: string;
}

const trustedKeyFileSchema = z
  .object({
    $comment: z.string().optional(),
    keys: z.array(
      z.object({ keyId: z.string(), publicKeyPem: z.string(), comment: z.string(), added: z.string() }).strict(),
    ),
  })
  .strict();

/** `ed25519:` + the first 16 hex digits of SHA-256 over the key's SPKI DER: short, and derived from the key itself. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

/** Parses a trusted-keys file; each listed keyId must be the one derived from its key. */
export function parseTrustedKeys(json: unknown): TrustedKey[] {
  const file = trustedKeyFileSchema.parse(json);
  return file.keys.map((entry) => {
    const publicKey = createPublicKey(entry.publicKeyPem);
    if (publicKey.asymmetricKeyType !== 'ed25519' || keyIdOf(publicKey) !== entry.keyId) {
      throw new CatalogueError(CATALOGUE_ERROR_CODES.key, `trusted key ${entry.keyId} is not the Ed25519 key it names`);
    }
    return { keyId: entry.keyId, publicKey, comment: entry.comment };
  });
}

/** A trusted key from a public key PEM (tests and `catalog sign` output). */
export function trustedKeyFromPem(pem: string, comment = ''): TrustedKey {
  const publicKey = createPublicKey(pem);
  return { keyId: keyIdOf(publicKey), publicKey, comment };
}

/** Signs `payload` with an Ed25519 private key (PEM); returns the detached signature document. */
export function signPayload(payload: Buffer, privateKeyPem: string): CatalogueSignature {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new CatalogueError(CATALOGUE_ERROR_CODES.key, 'the signing key is not a readable PEM private key', error);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new CatalogueError(
      CATALOGUE_ERROR_CODES.key,
      `the signing key is ${privateKey.asymmetricKeyType ?? 'unknown'}, not Ed25519`,
    );
  }
  return {
    format: SIGNATURE_FORMAT,
    algorithm: 'ed25519',
    keyId: keyIdOf(createPublicKey(privateKey)),
    sha256: sha256Hex(payload),
    signature: sign(null, payload, privateKey).toString('base64'),
  };
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What a file turned out to be: a bare catalogue (needs a detached signature) or a signed envelope. */
export type CatalogueFileShape =
  | { kind: 'bare'; payload: Buffer }
  | { kind: 'envelope'; payload: Buffer; signature: CatalogueSignature };

/** Tells the two shapes apart without trusting anything in them yet. */
export function readFileShape(bytes: Buffer, where: string): CatalogueFileShape {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new CatalogueError(CATALOGUE_ERROR_CODES.format, `${where} is not JSON, so it is not a catalogue`, error);
  }
  if (isObject(parsed) && parsed.format === ENVELOPE_FORMAT) {
    const envelope = envelopeSchema.safeParse(parsed);
    if (!envelope.success) {
      throw new CatalogueError(
        CATALOGUE_ERROR_CODES.format,
        `${where} is a signed-catalogue envelope with a malformed ${envelope.error.issues[0]?.path.join('.') || 'body'}`,
      );
    }
    return {
      kind: 'envelope',
      payload: Buffer.from(envelope.data.payload, 'utf8'),
      signature: envelope.data.signature,
    };
  }
  return { kind: 'bare', payload: bytes };
}

/** Parses a detached `.sig` file. */
export function parseSignature(bytes: Buffer, where: string): CatalogueSignature {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new CatalogueError(CATALOGUE_ERROR_CODES.format, `${where} is not a signature file (not JSON)`, error);
  }
  const result = signatureSchema.safeParse(parsed);
  if (!result.success) {
    throw new CatalogueError(
      CATALOGUE_ERROR_CODES.format,
      `${where} is not an iotwarden signature (${result.error.issues[0]?.path.join('.') || 'shape'}: ${result.error.issues[0]?.message})`,
    );
  }
  return result.data;
}

/**
 * Checks `signature` over `payload` against the trusted keys. Throws ERR_CATALOGUE_UNKNOWN_KEY when no trusted key has
 * its id, ERR_CATALOGUE_BAD_SIGNATURE when the bytes or the signature were changed.
 */
export function verifySignature(
  payload: Buffer,
  signature: CatalogueSignature,
  trustedKeys: readonly TrustedKey[],
  where: string,
): TrustedKey {
  const key = trustedKeys.find((candidate) => candidate.keyId === signature.keyId);
  if (!key) {
    throw new CatalogueError(
      CATALOGUE_ERROR_CODES.unknownKey,
      `${where} is signed by key ${signature.keyId}, which iotwarden does not trust (trusted: ${trustedKeys.map((k) => k.keyId).join(', ') || 'none'}). Refused; the catalogue in use is unchanged.`,
    );
  }
  const valid = verify(null, payload, key.publicKey, Buffer.from(signature.signature, 'base64'));
  if (!valid || sha256Hex(payload) !== signature.sha256) {
    throw new CatalogueError(
      CATALOGUE_ERROR_CODES.badSignature,
      `${where} does not match its signature by ${signature.keyId}: the file was changed after it was signed (or the signature belongs to another file). Refused; the catalogue in use is unchanged.`,
    );
  }
  return key;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
