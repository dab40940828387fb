/**
 * A simulated UniFi Network controller, classic hosting (facts: ../shared/fixtures/unifi/README.md): `POST /api/login`
 * with `{"username","password"}` sets the `unifises` cookie; `GET /api/s/<site>/stat/sta`, `rest/wlanconf` and
 * `rest/networkconf` answer `{"meta":{"rc":"ok"},"data":[…]}`; a wrong password gets HTTP 400 with
 * `api.err.Invalid`, a request without a session HTTP 401 with `api.err.LoginRequired`, as the controller answers.
 * Plain HTTP on a loopback address (the real one is HTTPS with a self-signed certificate).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimulatedUnifiClient {
  mac: string;
  ip: string;
  hostname?: string;
  name?: string;
  oui?: string;
  essid?: string;
  network: string;
  vlan?: number;
  is_wired: boolean;
  first_seen: number;
  last_seen: number;
}

export interface SimulatedUnifiOptions {
  host: string;
  port?: number;
  username: string;
  password: string;
  site?: string;
  clients: SimulatedUnifiClient[];
  wlans: Array<{
    _id: string;
    name: string;
    security: string;
    wpa_mode: string;
    x_passphrase: string;
    enabled: boolean;
  }>;
  networks: Array<{
    _id: string;
    name: string;
    purpose: string;
    vlan?: number;
    vlan_enabled: boolean;
    ip_subnet?: string;
  }>;
}

const envelope = (data: unknown[], rc = 'ok', msg?: string) =>
  JSON.stringify({ meta: { rc, ...(msg ? { msg } : {}) }, data });

export class SimulatedUnifiController {
  readonly #options: SimulatedUnifiOptions;
  readonly #server: Server;
  readonly #sessions = new Set<string>();
  /** Login attempts, for tests. */
  logins = 0;

  constructor(options: SimulatedUnifiOptions) {
    this.#options = options;
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(({ status, body, cookie }) => {
        res.writeHead(status, {
          'content-type': 'application/json;charset=UTF-8',
          ...(cookie ? { 'set-cookie': `unifises=${cookie}; Path=/; HttpOnly` } : {}),
        });
        res.end(body);
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port ?? 0, this.#options.host, () => resolve());
    });
  }

  get url(): string {
    return `http://${this.#options.host}:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body: string; cookie?: string }> {
    const url = new URL(req.url ?? '/', 'http://unifi');
    if (req.method === 'POST' && url.pathname === '/api/login') return this.#login(await readBody(req));
    const site = this.#options.site ?? 'default';
    const match = new RegExp(`^/api/s/${site}/(stat/sta|rest/wlanconf|rest/networkconf)$`).exec(url.pathname);
    if (!match) return { status: 404, body: envelope([], 'error', 'api.err.NotFound') };
    const session = /(?:^|;\s*)unifises=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (!session || !this.#sessions.has(session)) {
      return { status: 401, body: envelope([], 'error', 'api.err.LoginRequired') };
    }
    const data =
      match[1] === 'stat/sta'
        ? this.#options.clients
        : match[1] === 'rest/wlanconf'
          ? this.#options.wlans
          : this.#options.networks;
    return { status: 200, body: envelope(data) };
  }

  #login(body: string): { status: number; body: string; cookie?: string } {
    this.logins += 1;
    let credentials: { username?: unknown; password?: unknown } = {};
    try {
      credentials = JSON.parse(body) as typeof credentials;
    } catch {
      return { status: 400, body: envelope([], 'error', 'api.err.Invalid') };
    }
    if (credentials.username !== this.#options.username || credentials.password !== this.#options.password) {
      return { status: 400, body: envelope([], 'error', 'api.err.Invalid') };
    }
    const session = randomBytes(16).toString('hex');
    this.#sessions.add(session);
    return { status: 200, body: envelope([]), cookie: session };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
