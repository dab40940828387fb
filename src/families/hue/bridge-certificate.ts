/**
 * A Hue bridge's TLS certificate as part of its identity. Bridges present a certificate whose common name is the
 * bridge id, issued by the bridge CA whose root Philips publishes ("Using HTTPS", developers.meethue.com) and kept
 * here as data (data/bridge-roots.json, with its source and SHA-256); older bridges and the lab's simulated bridge
 * sign their own. Either way its SHA-256 fingerprint is what a credential is bound to.
 */
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { DeviceTimeoutError, DeviceUnreachableError, ProtocolError } from '../../errors/index.ts';
import type { CertificateFacts } from '../facts.ts';
import rawRoots from './data/bridge-roots.json' with { type: 'json' };

/** Signify's bridge roots, parsed once. */
export const HUE_BRIDGE_ROOTS: readonly X509Certificate[] = rawRoots.roots.map((root) => new X509Certificate(root.pem));

/** The common name of a certificate's subject (`CN=001788fffe123456`), or undefined. */
function commonName(certificate: X509Certificate): string | undefined {
  const match = /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject);
  return match?.[1]?.trim();
}

function validAt(certificate: X509Certificate, nowMs: number): boolean {
  return Date.parse(certificate.validFrom) <= nowMs && nowMs <= Date.parse(certificate.validTo);
}

/**
 * How far a bridge's certificate can be trusted: `vendor-ca` when a Signify root signed it, it is valid now and it
 * names this bridge (CN = bridge id, case-insensitive); `self-signed` when it signs itself; `unverified` otherwise,
 * including a certificate that claims a Signify issuer its signature does not prove.
 */
export function bridgeCertificateChain(
  leaf: X509Certificate,
  bridgeId: string,
  nowMs = Date.now(),
  roots: readonly X509Certificate[] = HUE_BRIDGE_ROOTS,
): CertificateFacts['chain'] {
  const names = commonName(leaf)?.toLowerCase() === bridgeId.toLowerCase();
  const signedByRoot = roots.some((root) => leaf.checkIssued(root) && leaf.verify(root.publicKey));
  if (signedByRoot && names && validAt(leaf, nowMs)) return 'vendor-ca';
  if (leaf.checkIssued(leaf) && leaf.verify(leaf.publicKey)) return 'self-signed';
  return 'unverified';
}

/** What one TLS handshake shows of a bridge: its certificate as facts, before any request is made. */
export function certificateFacts(leaf: X509Certificate, port: number, bridgeId: string): CertificateFacts {
  return {
    port,
    sha256: leaf.fingerprint256,
    subject: leaf.subject.replace(/\n/g, ', '),
    issuer: leaf.issuer.replace(/\n/g, ', '),
    chain: bridgeCertificateChain(leaf, bridgeId),
  };
}

/** Connection limits of one handshake. */
export interface HandshakeLimits {
  host: string;
  /** The port to connect to (a lab shifts 443). */
  port: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Completes a TLS handshake and returns the certificate the peer presented, sending nothing else. Certificates are
 * not verified by the handshake (bridges are addressed by IP and many sign their own); the caller judges them.
 */
export function readPeerCertificate(limits: HandshakeLimits): Promise<X509Certificate> {
  const endpoint = { host: limits.host, port: limits.port };
  return new Promise((resolve, reject) => {
    limits.signal?.throwIfAborted();
    const socket = connect({ host: limits.host, port: limits.port, rejectUnauthorized: false });
    const finish = (error: Error | undefined, certificate?: X509Certificate): void => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else if (certificate) resolve(certificate);
    };
    const onAbort = (): void => finish(limits.signal?.reason ?? new Error('aborted'));
    const timer = setTimeout(
      () => finish(new DeviceTimeoutError(endpoint, limits.timeoutMs, 'finish TLS')),
      limits.timeoutMs,
    );
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(
        error.code === 'ECONNREFUSED'
          ? new DeviceUnreachableError(endpoint, error.code, error)
          : new ProtocolError(endpoint, `TLS handshake failed: ${error.code ?? error.message}`, error),
      ),
    );
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerX509Certificate();
      finish(certificate ? undefined : new ProtocolError(endpoint, 'TLS peer presented no certificate'), certificate);
    });
  });
}
