/**
 * Test support for issue 8: small impostor devices that record every request they receive (headers and body), so a
 * test can count what a scan sent them. Each listens on a loopback test address on random ports; `resolverWith`
 * maps their real ports (80, 443) for the scan, beside the port maps of any lab the test runs.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from '../../src/lab/core/self-signed-cert.ts';
import { type PortResolver, portResolverFrom, readLivePortMaps } from '../../src/net/port-overrides.ts';

/** One request an impostor received. */
export interface RecordedRequest {
  port: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type ImpostorHandler = (request: RecordedRequest, res: ServerResponse) => void;

export interface Impostor {
  address: string;
  requests: RecordedRequest[];
  /** Real port → the port it listens on. */
  ports: Map<number, number>;
  /** Every request, header and body as one text: for "the secret never appears anywhere". */
  everythingReceived(): string;
  stop(): Promise<void>;
}

/** The port spec of one impostor: a handler per real port, HTTPS where a certificate subject is given. */
export interface ImpostorPort {
  port: number;
  handle: ImpostorHandler;
  /** Serve TLS with a self-signed certificate of this common name. */
  tlsCommonName?: string;
}

function listen(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts an impostor on `address` with the given ports. */
export async function startImpostor(address: string, ports: readonly ImpostorPort[]): Promise<Impostor> {
  const requests: RecordedRequest[] = [];
  const servers: Server[] = [];
  const bound = new Map<number, number>();
  for (const spec of ports) {
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = {
          port: spec.port,
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        requests.push(request);
        spec.handle(request, res);
      });
    };
    const server = spec.tlsCommonName
      ? createHttpsServer(await selfSignedCertificate({ commonName: spec.tlsCommonName }), onRequest)
      : createHttpServer(onRequest);
    servers.push(server);
    bound.set(spec.port, await listen(server, address));
  }
  return {
    address,
    requests,
    ports: bound,
    everythingReceived: () =>
      requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.headers)} ${r.body}`).join('\n'),
    stop: async () => {
      await Promise.all(
        servers.map((server) => {
          server.closeAllConnections();
          return new Promise((resolve) => server.close(resolve));
        }),
      );
    },
  };
}

/** The scan's port resolver: the impostors' ports, then the port maps of labs running now. */
export function resolverWith(impostors: readonly Impostor[]): PortResolver {
  const labs = portResolverFrom(readLivePortMaps());
  return (address, port, transport = 'tcp') => {
    const impostor = impostors.find((i) => i.address === address);
    return (transport === 'tcp' ? impostor?.ports.get(port) : undefined) ?? labs(address, port, transport);
  };
}

/** Answers JSON with a status. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The requests that carried credentials of any kind (an Authorization header). */
export function withAuthorization(impostor: Impostor): RecordedRequest[] {
  return impostor.requests.filter((r) => r.headers.authorization !== undefined);
}
