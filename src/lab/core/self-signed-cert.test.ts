import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { objectIdentifier, time, unsignedInteger } from './der.ts';
import { selfSignedCertificate } from './self-signed-cert.ts';

describe('der', () => {
  it('encodes identifiers, integers and times as X.690 and RFC 5280 say', () => {
    // 1.2.840.10045.4.3.2 (ecdsa-with-SHA256) as it appears in every ECDSA certificate.
    expect(objectIdentifier('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(unsignedInteger(Buffer.from([0x00, 0x00, 0x7f])).toString('hex')).toBe('02017f');
    expect(unsignedInteger(Buffer.from([0x80])).toString('hex')).toBe('02020080');
    expect(time(new Date('2036-01-02T03:04:05Z')).toString('latin1')).toBe('\x17\x0d360102030405Z');
    expect(time(new Date('2050-01-02T03:04:05Z')).toString('latin1')).toBe('\x18\x0f20500102030405Z');
  });
});

describe('selfSignedCertificate', () => {
  it('writes a self-signed P-256 certificate with the subject and serial asked for', async () => {
    const { key, cert } = await selfSignedCertificate({
      commonName: '001788fffe6a5f3c',
      organization: 'Philips Hue',
      country: 'NL',
      serialHex: '001788FFFE6A5F3C',
    });
    const x509 = new X509Certificate(cert);
    expect(x509.subject).toBe('C=NL\nO=Philips Hue\nCN=001788fffe6a5f3c');
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.serialNumber).toBe('1788FFFE6A5F3C');
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x509.ca).toBe(true);
    const validDays = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000;
    expect(Math.round(validDays)).toBe(3650);
  });

  it('keeps a device name from injecting subject fields, and gives each identity its own key', async () => {
    const a = await selfSignedCertificate({ commonName: 'evil/CN=bank.example' });
    const b = await selfSignedCertificate({ commonName: 'other device' });
    expect(new X509Certificate(a.cert).subject).toBe('CN=evil_CN_bank.example');
    expect(a.key).not.toBe(b.key);
    expect(await selfSignedCertificate({ commonName: 'evil/CN=bank.example' })).toBe(a);
  });

  it('is read by openssl as the certificate openssl req -x509 would write', async () => {
    const { cert } = await selfSignedCertificate({ commonName: 'tapo-camera', organization: 'TP-Link' });
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: cert, encoding: 'utf8' });
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    const dir = mkdtempSync(join(tmpdir(), 'iotwarden-cert-test-'));
    try {
      const file = join(dir, 'cert.pem');
      writeFileSync(file, cert);
      // Its own signature, checked by openssl as a trust anchor would be.
      expect(execFileSync('openssl', ['verify', '-CAfile', file, file], { encoding: 'utf8' })).toContain('OK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves TLS: a client completes a handshake and sees the certificate', async () => {
    const { key, cert } = await selfSignedCertificate({ commonName: 'cast-tv' });
    const server = createServer({ key, cert }, (socket) => socket.end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
      await once(socket, 'secureConnect');
      expect(socket.getPeerX509Certificate()?.fingerprint256).toBe(new X509Certificate(cert).fingerprint256);
      socket.destroy();
    } finally {
      server.close();
    }
  });
});
