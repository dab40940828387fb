/**
 * Test support for `iotwarden serve`: the real server in-process on a loopback port with a real SQLite file, and a
 * small HTTP client that keeps the session cookie and sends Origin and X-CSRF-Token the way the dashboard will.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthTimings } from '../../src/app/auth/auth-service.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { type RunningServe, startServe } from '../../src/server/serve-process.ts';
import { type Clock, systemClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';

export const OWNER = { username: 'owner', password: 'correct horse battery staple' };

export interface TestServe {
  serve: RunningServe;
  url: string;
  dir: string;
  db: string;
  lines: string[];
  /** The token of the setup link printed at start. */
  setupToken: string | undefined;
  stop(): Promise<void>;
}

export async function startTestServe(
  options: {
    configYaml?: string;
    clock?: Clock;
    authTimings?: Partial<AuthTimings>;
    staticDir?: string;
    dir?: string;
    env?: NodeJS.ProcessEnv;
    port?: number;
  } = {},
): Promise<TestServe> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'iotwarden-serve-'));
  const db = join(dir, 'inventory.db');
  const configFile = join(dir, 'iotwarden.yaml');
  writeFileSync(configFile, options.configYaml ?? 'networks: []\n');
  const lines: string[] = [];
  const serve = await startServe({
    db,
    loadConfig: () => loadConfig(configFile, {}),
    env: options.env ?? {},
    clock: options.clock ?? systemClock,
    log: silentLogger,
    listen: { host: '127.0.0.1', port: options.port ?? 0 },
    tls: {},
    origins: [],
    staticDir: options.staticDir,
    ...(options.authTimings ? { authTimings: options.authTimings } : {}),
    say: (line) => lines.push(line),
  });
  const setupToken = lines.map((l) => /setup\?token=(\S+)/.exec(l)?.[1]).find(Boolean);
  return {
    serve,
    url: serve.url,
    dir,
    db,
    lines,
    setupToken,
    async stop() {
      await serve.stop(5000);
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered and assert on it
  body: any;
  text: string;
}

/** A browser-like client: a cookie jar of one cookie, the server's Origin on changes, the CSRF token once known. */
export class ApiClient {
  readonly base: string;
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;
  origin: string | undefined;

  constructor(base: string, options: { bearer?: string; origin?: string | null } = {}) {
    this.base = base;
    this.bearer = options.bearer;
    this.origin = options.origin === null ? undefined : (options.origin ?? base);
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const all: Record<string, string> = { ...headers };
    if (this.cookie) all.cookie = this.cookie;
    if (this.bearer) all.authorization = `Bearer ${this.bearer}`;
    if (method !== 'GET' && this.origin && !('origin' in all)) all.origin = this.origin;
    if (method !== 'GET' && this.csrf && !('x-csrf-token' in all)) all['x-csrf-token'] = this.csrf;
    if (body !== undefined) all['content-type'] = 'application/json';
    const response = await fetch(new URL(path, this.base), {
      method,
      headers: all,
      redirect: 'manual',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair && /=.+/.test(pair) ? pair : undefined;
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body: unknown = {}, headers?: Record<string, string>) =>
    this.request('POST', path, body, headers);
  delete = (path: string, headers?: Record<string, string>) => this.request('DELETE', path, undefined, headers);

  async login(username = OWNER.username, password = OWNER.password): Promise<Answer> {
    const answer = await this.post('/api/login', { username, password });
    if (answer.status === 200) this.csrf = answer.body.data.csrfToken;
    return answer;
  }

  async setup(token: string, username = OWNER.username, password = OWNER.password): Promise<Answer> {
    const answer = await this.post('/api/setup', { token, username, password });
    if (answer.status === 201) this.csrf = answer.body.data.csrfToken;
    return answer;
  }
}

/** A server with its owner account created and a logged-in client. */
export async function ownedServe(
  options: Parameters<typeof startTestServe>[0] = {},
): Promise<{ t: TestServe; owner: ApiClient }> {
  const t = await startTestServe(options);
  const owner = new ApiClient(t.url);
  const answer = await owner.setup(t.setupToken ?? '');
  if (answer.status !== 201) throw new Error(`setup failed: ${answer.text}`);
  return { t, owner };
}
