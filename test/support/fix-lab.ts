/**
 * Test support for `fix`: a small lab scenario, scanned into a fresh inventory as the demo does it, and the fix
 * engine's environment for it, with an optional fault proxy in front of one device's HTTP port.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FixEnvironment } from '../../src/app/fix/fix-environment.ts';
import { scanAndAudit } from '../../src/app/scan/scan-and-audit.ts';
import type { CredentialEntry } from '../../src/config/config-schema.ts';
import { credentialLookup } from '../../src/config/credential-lookup.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { livePortResolver } from '../../src/net/port-overrides.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { SecretsFile, secretsFileFor } from '../../src/store/secrets-file.ts';
import { systemClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testNetwork } from './addresses.ts';
import { FaultProxy } from './fault-proxy.ts';

export const FIX_LAB_PASSWORD = 'fix-lab-owner-pw';
// The lab is the owner's own: its Shellys are trusted on first use (issue 8), as the other test labs do.
export const FIX_LAB_CREDENTIALS: CredentialEntry[] = [
  { family: 'shelly', username: 'admin', password: FIX_LAB_PASSWORD, trustOnFirstUse: true },
];

export interface FixLab {
  prefix: string;
  runtime: string;
  db: string;
  lab: RunningLab;
  store: Store;
  secrets: SecretsFile;
  /** Scans the lab again into the inventory. */
  rescan(): Promise<void>;
  /** Puts a fault proxy in front of port 80 of the device at `address`. */
  proxy(address: string): Promise<FaultProxy>;
  env(overrides?: Partial<FixEnvironment>): FixEnvironment;
  stop(): Promise<void>;
}

/** `devices(at)` builds the scenario's devices for this file's /24 (`at(10)` is `<prefix>.10`). */
export async function startFixLab(
  devices: (at: (host: number) => string) => Array<Record<string, unknown>>,
  credentials: CredentialEntry[] = FIX_LAB_CREDENTIALS,
): Promise<FixLab> {
  const prefix = testNetwork().replace(/\.0\/24$/, '');
  const at = (host: number) => `${prefix}.${host}`;
  const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-fix-'));
  process.env.IOTWARDEN_RUNTIME_DIR = runtime;
  const db = join(runtime, 'inventory.db');
  const scenario = buildScenario(
    { name: 'fix-lab', network: `${prefix}.0/24`, devices: devices(at) },
    { file: '<fix lab>', baseDir: process.cwd() },
  );
  const lab = await startLab(scenario, { writePortMap: true });
  const proxies = new Map<string, FaultProxy>();
  const rescan = async () => {
    await scanAndAudit({
      targets: [`${prefix}.0/24`],
      ports: 'default',
      allowLarge: false,
      credentialEntries: credentials,
      credentialChecks: true,
      leaseFiles: [],
      connectTimeoutMs: undefined,
      requestTimeoutMs: undefined,
      connectConcurrency: undefined,
      db,
      progress: undefined,
      log: silentLogger,
    });
  };
  await rescan();
  const store = await openStore(db);
  const secrets = new SecretsFile(secretsFileFor(db));
  const resolver = () => {
    const live = livePortResolver();
    return (address: string, port: number, transport?: 'tcp' | 'udp') =>
      port === 80 && transport !== 'udp' && proxies.has(address)
        ? (proxies.get(address) as FaultProxy).port
        : live(address, port, transport);
  };
  return {
    prefix,
    runtime,
    db,
    lab,
    store,
    secrets,
    rescan,
    async proxy(address) {
      const proxy = await FaultProxy.start(address, livePortResolver()(address, 80, 'tcp'));
      proxies.set(address, proxy);
      return proxy;
    },
    env: (overrides = {}) => ({
      store,
      secrets,
      credentials: credentialLookup(credentials),
      connectPort: resolver,
      clock: systemClock,
      log: silentLogger,
      signal: AbortSignal.timeout(60_000),
      requestTimeoutMs: 1500,
      verifyWaitMs: 2500,
      pollIntervalMs: 200,
      ...overrides,
    }),
    async stop() {
      await Promise.all([...proxies.values()].map((p) => p.stop()));
      await store.close();
      await lab.stop();
    },
  };
}
