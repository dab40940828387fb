/**
 * Test support: an HTTP proxy in front of one simulated device, on the device's own loopback address, that
 * misbehaves on request the way real devices do during a change: answers 500, hangs, says OK without passing the
 * request on (it lies), goes away for a while after passing a write on (it reboots), or refuses every login after
 * taking a new password. The fix engine reaches the device through it by the port resolver.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'none' }
  | { kind: 'status-500' }
  | { kind: 'hang' }
  | { kind: 'lie'; body: string }
  | { kind: 'reboot'; downMs: number }
  | { kind: 'refuse-logins-after' };

export class FaultProxy {
  readonly #server: Server;
  readonly #target: { host: string; port: number };
  /** Which requests the fault hits: by default every `/settings…` or `/rpc` write that changes something. */
  matches: (path: string, body: string) => boolean = () => false;
  fault: Fault = { kind: 'none' };
  #downUntil = 0;
  #refusing = false;
  /** Requests the fault hit. */
  hits = 0;

  private constructor(server: Server, target: { host: string; port: number }) {
    this.#server = server;
    this.#target = target;
  }

  static async start(host: string, targetPort: number): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, { host, port: targetPort });
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => proxy.#handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks), res));
    });
    server.on('connection', (socket) => {
      if (Date.now() < proxy.#downUntil) socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  #handle(
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    res: import('node:http').ServerResponse,
  ): void {
    if (this.#refusing && headers.authorization !== undefined) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="proxy"' }).end('401 Unauthorized');
      return;
    }
    const hit = this.fault.kind !== 'none' && this.matches(path, body.toString('utf8'));
    if (hit) this.hits += 1;
    if (hit && this.fault.kind === 'status-500') return void res.writeHead(500).end('Internal Server Error');
    if (hit && this.fault.kind === 'hang') return; // never answers: the client's timeout must end it
    if (hit && this.fault.kind === 'lie') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(this.fault.body);
    }
    this.#forward(method, path, headers, body, res, hit ? this.fault : undefined);
  }

  #forward(
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    res: import('node:http').ServerResponse,
    fault: Fault | undefined,
  ): void {
    const upstream = request({ ...this.#target, method, path, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(chunks));
        if (fault?.kind === 'reboot') this.#downUntil = Date.now() + fault.downMs;
        if (fault?.kind === 'refuse-logins-after') this.#refusing = true;
      });
    });
    upstream.on('error', () => res.writeHead(502).end());
    upstream.end(body);
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
