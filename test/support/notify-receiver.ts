/**
 * Test support: a notification receiver on loopback (a webhook endpoint and an ntfy topic in one), which records
 * every request and checks a webhook's HMAC the way a real receiver should (constant time, over the raw body).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotification {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface NotifyReceiver {
  /** `http://127.0.0.1:<port>` */
  base: string;
  received: ReceivedNotification[];
  /** Whether a webhook request carries a valid `X-Iotwarden-Signature` for `secret`. */
  signatureValid(request: ReceivedNotification, secret: string): boolean;
  close(): Promise<void>;
}

/** A receiver answering 200 to everything; at most 64 KiB of a body is kept. */
export async function startNotifyReceiver(): Promise<NotifyReceiver> {
  const received: ReceivedNotification[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (body.length < 65_536) body += chunk;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    signatureValid(request, secret) {
      const header = String(request.headers['x-iotwarden-signature'] ?? '');
      const expected = `sha256=${createHmac('sha256', secret).update(request.body, 'utf8').digest('hex')}`;
      return header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on (bound, then released), for a target that cannot be reached. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
