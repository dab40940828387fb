import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePolicyFile } from '../../src/app/policy/policy-use-cases.ts';
import type { TrafficProfile } from '../../src/app/policy/profile-types.ts';
import { configSchema } from '../../src/config/config-schema.ts';
import { seedHomeTrafficClients } from '../../src/lab/dns-traffic/seed-home-traffic.ts';
import { labAddressFor } from '../../src/lab/flow-traffic/generate-flows.ts';
import { runZeroTrustDemo } from '../../src/lab/flow-traffic/zero-trust-demo.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../support/store.ts';

describe('the seed home has learned profiles from lab flows', () => {
  it('generates flows beside the DNS traffic, names them from the answers, and learns each device that made flows', async () => {
    const dir = tempDir();
    const db = join(dir.dir, 'seed.db');
    const clients = seedHomeTrafficClients();
    const store = await openStore(db);
    const endMs = Date.UTC(2026, 10, 20, 12);
    await store.recordScan({
      startedMs: endMs - 9 * 86_400_000,
      finishedMs: endMs - 9 * 86_400_000 + 1000,
      targets: ['127.77.1.0/24'],
      ports: 'default',
      status: 'complete',
      hosts: clients.map((c) => ({
        host: { address: c.address, hostname: c.name, sources: ['arp'], services: [] },
        findings: [],
        skipped: [],
        score: 100,
      })),
    });
    await store.close();
    const result = await runZeroTrustDemo({ db, endMs, sampleEvery: 50 });
    expect(result.flows).toBeGreaterThan(1000);
    // Devices whose lookups are all blocked or AAAA make no flows; the others each get a profile.
    const talking = new Set(clients.filter((c) => c.streams.length > 0).map((c) => c.name));
    const profiled = result.learned.devices.map((d) => d.deviceName);
    expect(profiled.every((name) => talking.has(name))).toBe(true);
    expect(profiled.length).toBeGreaterThanOrEqual(15);
    expect(result.learned.devices.filter((d) => d.status === 'learned').length).toBeGreaterThan(0);
    const check = await openStore(db);
    const garage = check.profiles
      .latest()
      .map((p) => p.profile as TrafficProfile)
      .find((p) => p.deviceName === 'garage-door');
    const names = garage?.entries.flatMap((e) => (e.peer.kind === 'name' ? [e.peer.name] : [])) ?? [];
    expect(names.length).toBeGreaterThan(0);
    // The name in the profile is the one whose lab answer the flow went to.
    expect(names.every((n) => labAddressFor(n).match(/^(198\.51\.100|203\.0\.113)\./))).toBe(true);
    const policy = await generatePolicyFile(check, configSchema.parse({}));
    expect(policy.document.devices.length).toBe(profiled.length);
    await check.close();
    dir.cleanup();
  }, 120_000);
});
