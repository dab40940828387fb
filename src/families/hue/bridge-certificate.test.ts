import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeCertificateChain, HUE_BRIDGE_ROOTS } from './bridge-certificate.ts';
import rawRoots from './data/bridge-roots.json' with { type: 'json' };

const run = promisify(execFile);
const BRIDGE_ID = '001788fffe4a5b6c';

/** SHA-256 of the DER bytes, formatted as node:crypto's fingerprint256 (upper-case pairs joined by colons). */
function derSha256(pem: string): string {
  const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  const hex = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}

describe('the shipped Signify bridge roots', () => {
  it('each carries the SHA-256 of its own DER certificate, and is a self-signed CA', () => {
    expect(rawRoots.roots.length).toBeGreaterThan(0);
    for (const root of rawRoots.roots) {
      expect(derSha256(root.pem)).toBe(root.sha256);
      const certificate = new X509Certificate(root.pem);
      expect(certificate.ca).toBe(true);
      expect(certificate.verify(certificate.publicKey)).toBe(true);
      expect(certificate.subject.replace(/\n/g, ', ')).toBe(root.subject);
    }
    // The root Philips publishes in "Using HTTPS" (developers.meethue.com).
    expect(HUE_BRIDGE_ROOTS.map((r) => r.fingerprint256)).toContain(
      'F0:BD:8E:65:09:E8:2F:77:4D:63:BC:00:9D:53:88:C9:69:FE:3D:CF:7D:6D:54:1D:63:51:B7:2B:89:8D:8A:CF',
    );
  });
});

/**
 * Certificates made with the openssl command for this test only (node:crypto cannot issue them): a stand-in root,
 * a bridge leaf it signs, a leaf naming another bridge, an expired one, and a forgery that copies the real
 * Philips root's name as its issuer but is signed by its own key.
 */
interface TestPki {
  root: X509Certificate;
  leaf: X509Certificate;
  otherLeaf: X509Certificate;
  expiredLeaf: X509Certificate;
  selfSigned: X509Certificate;
  forged: X509Certificate;
}

let dir: string;
let pki: TestPki;

async function openssl(args: string[]): Promise<void> {
  await run('openssl', args, { timeout: 15_000, cwd: dir });
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function selfSigned(name: string, subject: string, extra: string[] = []): Promise<void> {
  await openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-subj',
    subject,
    ...extra,
  ]);
}

async function signedLeaf(name: string, commonName: string, days: string[]): Promise<void> {
  await openssl(['req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${commonName}`]);
  await openssl([
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-out',
    `${name}.pem`,
    ...days,
  ]);
}

const load = async (name: string): Promise<X509Certificate> =>
  new X509Certificate(await readFile(join(dir, `${name}.pem`), 'utf8'));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iotwarden-bridge-pki-'));
  await selfSigned('root', '/C=NL/O=Test Hue/CN=test-root-bridge', [
    '-days',
    '30',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
  ]);
  await signedLeaf('leaf', BRIDGE_ID, ['-days', '30']);
  await signedLeaf('other', '001788fffe000000', ['-days', '30']);
  // Valid for one day: the test judges it at a time after its end.
  await signedLeaf('expired', BRIDGE_ID, ['-days', '1']);
  await selfSigned('self', `/CN=${BRIDGE_ID}`, ['-days', '30']);
  await openssl(['req', ...EC_KEY, '-keyout', 'forged.key', '-out', 'forged.csr', '-subj', `/CN=${BRIDGE_ID}`]);
  // Issued "by" C=NL/O=Philips Hue/CN=root-bridge, but signed with a key of its own.
  await selfSigned('fakeroot', '/C=NL/O=Philips Hue/CN=root-bridge', ['-days', '30']);
  await openssl([
    'x509',
    '-req',
    '-in',
    'forged.csr',
    '-CA',
    'fakeroot.pem',
    '-CAkey',
    'fakeroot.key',
    '-out',
    'forged.pem',
    '-days',
    '30',
  ]);
  pki = {
    root: await load('root'),
    leaf: await load('leaf'),
    otherLeaf: await load('other'),
    expiredLeaf: await load('expired'),
    selfSigned: await load('self'),
    forged: await load('forged'),
  };
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('bridgeCertificateChain', () => {
  it('is vendor-ca for a leaf a known root signed that names this bridge and is valid now', () => {
    expect(bridgeCertificateChain(pki.leaf, BRIDGE_ID, Date.now(), [pki.root])).toBe('vendor-ca');
    expect(bridgeCertificateChain(pki.leaf, BRIDGE_ID.toUpperCase(), Date.now(), [pki.root])).toBe('vendor-ca');
  });

  it('is not vendor-ca when the root is not one it knows (the shipped Signify roots did not sign the test leaf)', () => {
    expect(bridgeCertificateChain(pki.leaf, BRIDGE_ID)).toBe('unverified');
  });

  it('is not vendor-ca for a signed leaf that names another bridge', () => {
    expect(bridgeCertificateChain(pki.otherLeaf, BRIDGE_ID, Date.now(), [pki.root])).toBe('unverified');
  });

  it('is not vendor-ca outside the leaf’s validity', () => {
    const afterExpiry = Date.parse(pki.expiredLeaf.validTo) + 60_000;
    expect(bridgeCertificateChain(pki.expiredLeaf, BRIDGE_ID, afterExpiry, [pki.root])).toBe('unverified');
  });

  it('is self-signed for a certificate that signs itself (older bridges, the lab)', () => {
    expect(bridgeCertificateChain(pki.selfSigned, BRIDGE_ID, Date.now(), [pki.root])).toBe('self-signed');
  });

  it('is unverified for a leaf that names the Philips root as issuer but is not signed by it', () => {
    expect(pki.forged.issuer).toContain('CN=root-bridge');
    expect(bridgeCertificateChain(pki.forged, BRIDGE_ID)).toBe('unverified');
  });
});
