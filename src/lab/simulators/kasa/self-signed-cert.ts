import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LabBindError } from '../../core/lab-errors.ts';

const run = promisify(execFile);
const cache = new Map<string, Promise<{ key: string; cert: string }>>();

/**
 * A self-signed certificate for a simulated HTTPS device (Tapo cameras serve their API on 443 with one), made with
 * the `openssl` CLI because node:crypto cannot issue X.509 certificates. EC P-256 keeps it fast; one per common name.
 */
export function selfSignedCert(commonName: string): Promise<{ key: string; cert: string }> {
  let pending = cache.get(commonName);
  if (!pending) {
    pending = generate(commonName);
    cache.set(commonName, pending);
    pending.catch(() => cache.delete(commonName));
  }
  return pending;
}

async function generate(commonName: string): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'iotwarden-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const subject = `/CN=${commonName.replace(/[^A-Za-z0-9 ._-]/g, '_')}/O=TP-LINK (iotwarden lab)`;
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
        '-days',
        '3650',
        '-subj',
        subject,
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { timeout: 10_000 },
    );
    return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') };
  } catch (error) {
    throw new LabBindError(
      commonName,
      '-',
      443,
      'tcp',
      'cannot create a self-signed certificate (is openssl installed?)',
      error,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
