import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IotwardenError } from '../../src/errors/index.ts';
import { AdguardApiSource } from '../../src/sources/adguard/api-source.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { PiholeApiSource } from '../../src/sources/pihole/api-source.ts';
import type { DnsSourceReader } from '../../src/sources/source.ts';
import { openTestStore, type TestDnsStore } from '../support/dns-sources.ts';
import { defineTarget, type FuzzTarget, type JsonEdit, jsonEdits } from '../support/fuzz.ts';
import { fakeFor, type MutatingFake } from './adapter-targets.ts';

/**
 * The DNS sinkhole APIs (Pi-hole v6, AdGuard Home) through the same mutating proxy as the adapters: the lab's own
 * Pi-hole and AdGuard simulators answer a quarter hour of seed-home traffic, the proxy garbles each JSON answer, and
 * `importDns` must finish or fail with a typed error, never crash, and leave storable totals.
 */
const TRAFFIC = { clients: 'seed-home', historyHours: 0.25 };
const PIHOLE_SETTINGS = { auth: { enabled: false }, traffic: TRAFFIC };
/** iotwarden refuses to talk to AdGuard Home without a password, so the lab's has one. */
const ADGUARD_PASSWORD = 'fuzz-adguard-password';
const ADGUARD_SETTINGS = { auth: { enabled: true, username: 'admin', password: ADGUARD_PASSWORD }, traffic: TRAFFIC };

let store: Promise<{ store: TestDnsStore; dir: string }> | undefined;

function testStore(): Promise<{ store: TestDnsStore; dir: string }> {
  store ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotwarden-fuzz-dns-'));
    return { store: await openTestStore(dir), dir };
  })();
  return store;
}

/** Closes the store the DNS targets imported into. */
export async function stopDnsFuzzStore(): Promise<void> {
  const opened = await store;
  store = undefined;
  if (!opened) return;
  await opened.store.close();
  rmSync(opened.dir, { recursive: true, force: true });
}

function url(fake: MutatingFake, port: number): string {
  return `http://${fake.target.address}:${fake.target.connectPort(port)}`;
}

async function importThrough(reader: DnsSourceReader): Promise<void> {
  const { store: dns } = await testStore();
  try {
    const result = await importDns(dns, reader, { timeoutMs: 2000, signal: AbortSignal.timeout(15_000) });
    JSON.stringify(result);
  } catch (error) {
    if (error instanceof IotwardenError) return;
    throw new Error(`untyped failure: ${(error as Error)?.stack ?? String(error)}`);
  }
  JSON.stringify(dns.read.totals());
}

export const DNS_SOURCE_TARGETS: readonly FuzzTarget<unknown>[] = [
  defineTarget<JsonEdit[]>({
    name: 'Pi-hole API import (mutated answers)',
    costly: true,
    boundedRuns: 20,
    input: jsonEdits(),
    check: async (edits) => {
      const fake = await fakeFor('pihole', 80, PIHOLE_SETTINGS);
      fake.edits = edits;
      await importThrough(new PiholeApiSource(url(fake, 80), { password: undefined, maxRequests: 200 }));
    },
  }),
  defineTarget<JsonEdit[]>({
    name: 'AdGuard API import (mutated answers)',
    costly: true,
    boundedRuns: 20,
    input: jsonEdits(),
    check: async (edits) => {
      const fake = await fakeFor('adguard', 80, ADGUARD_SETTINGS);
      fake.edits = edits;
      await importThrough(
        new AdguardApiSource(url(fake, 80), { username: 'admin', password: ADGUARD_PASSWORD, maxPages: 5 }),
      );
    },
  }),
];

/** Queries an unmutated import reads through the proxy (the fuzz is not vacuous when this is above zero). */
export async function unmutatedImport(kind: 'pihole' | 'adguard'): Promise<number> {
  const fake = await fakeFor(kind, 80, kind === 'pihole' ? PIHOLE_SETTINGS : ADGUARD_SETTINGS);
  fake.edits = [];
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-fuzz-dns-clean-'));
  const dns = await openTestStore(dir);
  try {
    const reader =
      kind === 'pihole'
        ? new PiholeApiSource(url(fake, 80), { password: undefined })
        : new AdguardApiSource(url(fake, 80), { username: 'admin', password: ADGUARD_PASSWORD });
    return (await importDns(dns, reader, { timeoutMs: 5000 })).imported;
  } finally {
    await dns.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
