import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IotwardenError } from '../../../errors/index.ts';

const run = promisify(execFile);

/** Certificates made this process, by common name: one openssl run per bridge id, however often a lab restarts. */
const cache = new Map<string, Promise<{ key: string; cert: string }>>();

/**
 * A self-signed P-256 certificate like the one a Hue bridge presents on 443: subject `C=NL, O=Philips Hue,
 * CN=<bridge id, lower case>`, serial number = the bridge id. Node cannot create certificates, so the `openssl`
 * command does, in a temporary directory removed right after.
 */
export function hueCertificate(bridgeId: string): Promise<{ key: string; cert: string }> {
  const cn = bridgeId.toLowerCase();
  let pending = cache.get(cn);
  if (!pending) {
    pending = generate(cn);
    cache.set(cn, pending);
    pending.catch(() => cache.delete(cn));
  }
  return pending;
}

async function generate(cn: string): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'iotwarden-hue-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
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
        '-set_serial',
        `0x${cn}`,
        '-subj',
        `/C=NL/O=Philips Hue/CN=${cn}`,
      ],
      { timeout: 15_000 },
    );
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } catch (error) {
    throw new IotwardenError(
      'ERR_LAB_CERT',
      `cannot create the Hue bridge certificate with openssl: ${String(error)}`,
      {
        cause: error,
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
