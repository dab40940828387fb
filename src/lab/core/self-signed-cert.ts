import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IotwardenError } from '../../errors/index.ts';

const run = promisify(execFile);

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

/** Certificates made by this process, by subject: one openssl run per identity, however often a lab restarts. */
const cache = new Map<string, Promise<KeyAndCertificate>>();

/**
 * A self-signed EC P-256 certificate for a simulated HTTPS device (Hue bridge, Tapo camera, Cast TV): real devices
 * present self-signed local certificates too. node:crypto cannot issue X.509 certificates, so the `openssl` command
 * does, in a temporary directory removed right after; the key never leaves this process.
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

function subjectLine(subject: CertificateSubject): string {
  const clean = (text: string): string => text.replace(/[^A-Za-z0-9 ._-]/g, '_');
  const parts = [
    subject.country ? `/C=${clean(subject.country)}` : '',
    subject.organization ? `/O=${clean(subject.organization)}` : '',
    `/CN=${clean(subject.commonName)}`,
  ];
  return parts.join('');
}

async function generate(subject: CertificateSubject): Promise<KeyAndCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'iotwarden-cert-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  const serial =
    subject.serialHex && /^[0-9a-fA-F]+$/.test(subject.serialHex) ? ['-set_serial', `0x${subject.serialHex}`] : [];
  try {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '3650',
        ...serial,
        '-subj',
        subjectLine(subject),
      ],
      { timeout: 15_000 },
    );
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } catch (error) {
    throw new IotwardenError(
      'ERR_LAB_CERT',
      `cannot create a self-signed certificate for "${subject.commonName}" with openssl (is it installed?): ${(error as Error).message}`,
      { cause: error, kind: 'usage' },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
