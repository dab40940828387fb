import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';
import { selfSignedCertificate } from '../../core/self-signed-cert.ts';

/**
 * The HTTPS side of a 'tls-cert-change' device: each new connection gets the other of two self-signed
 * certificates for the same bridge id (serials 01 and 02, different keys). A client that pins a device's
 * certificate sees a different one on the next connection, as with a host swapped in front of a Hue bridge.
 */
export async function certificateSwitcher(
  commonName: string,
  handler: RequestListener,
): Promise<{ serve(socket: Socket): void; served(): number }> {
  const contexts: SecureContext[] = await Promise.all(
    ['01', '02'].map(async (serialHex) => {
      const pair = await selfSignedCertificate({ commonName, organization: 'Philips Hue', country: 'NL', serialHex });
      return createSecureContext({ key: pair.key, cert: pair.cert });
    }),
  );
  const http = createServer(handler);
  http.requestTimeout = 0;
  http.on('clientError', (_error, socket) => socket.destroy());
  let connections = 0;
  return {
    serve(socket) {
      const secureContext = contexts[connections++ % contexts.length] as SecureContext;
      const tls = new TLSSocket(socket, { isServer: true, secureContext });
      tls.on('error', () => tls.destroy());
      socket.on('close', () => tls.destroy());
      http.emit('connection', tls);
    },
    served: () => connections,
  };
}
