import { createHash, generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import {
  bitString,
  booleanTrue,
  explicit,
  objectIdentifier,
  octetString,
  printableString,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der.ts';

const generateEcKeyPair = promisify(generateKeyPair);

export interface CertificateSubject {
  /** Common name; characters outside `A-Za-z0-9 ._-` are replaced, so a device name cannot inject subject fields. */
  commonName: string;
  organization?: string;
  country?: string;
  /** Hex serial number (a Hue bridge uses its bridge id). */
  serialHex?: string;
}

export interface KeyAndCertificate {
  key: string;
  cert: string;
}

/** Certificates made by this process, by subject: one key and certificate per identity, however often a lab restarts. */
const cache = new Map<string, Promise<KeyAndCertificate>>();

/**
 * A self-signed EC P-256 certificate for a simulated HTTPS device (Hue bridge, Tapo camera, Cast TV): real devices
 * present self-signed local certificates too. Written in-process (RFC 5280 structure, DER in der.ts, signed with
 * node:crypto): the lab starts hundreds of devices, and an `openssl` process per identity cost more than a second of
 * the start-up. The key never leaves this process.
 */
export function selfSignedCertificate(subject: CertificateSubject): Promise<KeyAndCertificate> {
  const key = JSON.stringify(subject);
  let pending = cache.get(key);
  if (!pending) {
    pending = generate(subject);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

// Object identifiers: RFC 5480 §2.1.1 (ecdsa-with-SHA256), RFC 5280 §4.1.2.4 (attribute types) and §4.2.1 (extensions).
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COUNTRY = '2.5.4.6';
const ORGANIZATION = '2.5.4.10';
const COMMON_NAME = '2.5.4.3';
const SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
const AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';
const BASIC_CONSTRAINTS = '2.5.29.19';
const VALIDITY_MS = 3650 * 86_400_000;

/** The subject as `openssl req -subj /C=…/O=…/CN=…` wrote it: C as PrintableString, the rest as UTF8String. */
function subjectName(subject: CertificateSubject): Buffer {
  const clean = (text: string): string => text.replace(/[^A-Za-z0-9 ._-]/g, '_');
  const attribute = (type: string, value: Buffer): Buffer => set(sequence(objectIdentifier(type), value));
  return sequence(
    ...(subject.country ? [attribute(COUNTRY, printableString(clean(subject.country)))] : []),
    ...(subject.organization ? [attribute(ORGANIZATION, utf8String(clean(subject.organization)))] : []),
    attribute(COMMON_NAME, utf8String(clean(subject.commonName))),
  );
}

/** The hex serial asked for, else 16 random bytes (RFC 5280 §4.1.2.2: positive, at most 20 octets). */
function serialNumber(subject: CertificateSubject): Buffer {
  const hex = subject.serialHex && /^[0-9a-fA-F]{1,40}$/.test(subject.serialHex) ? subject.serialHex : undefined;
  if (hex) return unsignedInteger(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
  return unsignedInteger(randomBytes(16));
}

/** The extensions `openssl req -x509` adds by default: key identifiers, and CA:TRUE for a self-signed root. */
function extensions(publicKeyDer: Buffer): Buffer {
  // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's value (a P-256 SPKI ends in 65 bytes).
  const keyId = createHash('sha1')
    .update(publicKeyDer.subarray(publicKeyDer.length - 65))
    .digest();
  const extension = (oid: string, value: Buffer, critical = false): Buffer =>
    sequence(objectIdentifier(oid), ...(critical ? [booleanTrue()] : []), octetString(value));
  return explicit(
    3,
    sequence(
      extension(SUBJECT_KEY_IDENTIFIER, octetString(keyId)),
      extension(AUTHORITY_KEY_IDENTIFIER, sequence(Buffer.concat([Buffer.from([0x80, keyId.length]), keyId]))),
      extension(BASIC_CONSTRAINTS, sequence(booleanTrue()), true),
    ),
  );
}

async function generate(subject: CertificateSubject): Promise<KeyAndCertificate> {
  const { privateKey, publicKey } = await generateEcKeyPair('ec', { namedCurve: 'prime256v1' });
  const publicKeyDer = publicKey.export({ type: 'spki', format: 'der' });
  const name = subjectName(subject);
  const algorithm = sequence(objectIdentifier(ECDSA_WITH_SHA256));
  const now = Date.now();
  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    serialNumber(subject),
    algorithm,
    name, // issuer: self-signed
    sequence(time(new Date(now)), time(new Date(now + VALIDITY_MS))),
    name,
    publicKeyDer,
    extensions(publicKeyDer),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = sequence(tbs, algorithm, bitString(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`,
  };
}
