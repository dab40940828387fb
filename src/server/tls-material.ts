/**
 * TLS certificate and key for `serve`: the owner's files, or a self-signed pair kept beside the database (created
 * once with openssl, mode 0600) whose SHA-256 fingerprint is printed so a browser's warning can be checked against
 * it. node:crypto has no X.509 writer, hence openssl (Debian's `openssl` package).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, UsageError } from '../errors/index.ts';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  /** `AB:CD:…`, as browsers show it. */
  fingerprint256: string;
  certFile: string;
  generated: boolean;
}

export function readTlsFiles(certFile: string, keyFile: string): TlsMaterial {
  try {
    const cert = readFileSync(certFile);
    const key = readFileSync(keyFile);
    return { cert, key, fingerprint256: new X509Certificate(cert).fingerprint256, certFile, generated: false };
  } catch (error) {
    throw new ConfigError(`cannot use the TLS certificate: ${(error as Error).message}`, {
      file: certFile,
      cause: error,
    });
  }
}

/** The self-signed pair beside `dbFile`, generated on first use for `host` (and this machine's names). */
export function selfSignedBeside(dbFile: string, host: string): TlsMaterial {
  const dir = dirname(dbFile);
  const certFile = join(dir, 'iotwarden-tls-cert.pem');
  const keyFile = join(dir, 'iotwarden-tls-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) return readTlsFiles(certFile, keyFile);
  const names = [`DNS:${hostname()}`, `DNS:${hostname()}.local`, 'DNS:localhost', 'IP:127.0.0.1'];
  if (host !== '0.0.0.0' && host !== '::') names.push(`IP:${host}`);
  try {
    execFileSync(
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
        keyFile,
        '-out',
        certFile,
        '-days',
        '825',
        '-subj',
        '/CN=iotwarden',
        '-addext',
        `subjectAltName=${names.join(',')}`,
      ],
      { stdio: 'ignore', timeout: 30_000 },
    );
    chmodSync(keyFile, 0o600);
  } catch (error) {
    throw new UsageError(
      `could not generate a self-signed certificate with openssl (${(error as Error).message}); pass --tls-cert and --tls-key, or listen on 127.0.0.1`,
      { code: 'ERR_LISTEN', cause: error },
    );
  }
  return { ...readTlsFiles(certFile, keyFile), generated: true };
}
