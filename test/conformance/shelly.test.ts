import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { shellyGen1Adapter } from '../../src/families/shelly-gen1/adapter.ts';
import { shellyGen1Kind } from '../../src/families/shelly-gen1/simulator/kind.ts';
import { shellyGen2Adapter } from '../../src/families/shelly-gen2/adapter.ts';
import { gen2DumpFromRpcCaptures, shellyGen2Kind } from '../../src/families/shelly-gen2/simulator/kind.ts';
import { ouiOfKind } from '../../src/lab/core/mac-assign.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { testAddress } from '../support/addresses.ts';
import { labProbeContext, labProbeTarget } from '../support/lab-probe.ts';

/**
 * Conformance: every real Shelly capture in ../shared/fixtures/shelly is served by the lab simulator and read back
 * with the product's adapter. Model, firmware, MAC vendor prefix, generation and auth state must equal the capture.
 */
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/shelly', import.meta.url));

/** Captures this suite was written against: a missing one fails the suite instead of being skipped. */
const EXPECTED = [
  'gen1_Shelly Air_SHAIR-1_20230913-113804-v1.14.0-gcb84623.json',
  'gen1_Shelly Gas_SHGS-1_20230913-114427-v1.14.0-gcb84623.json',
  'gen2_Shelly BLU Gateway_SNGW-BT01_20231219-133956-1.1.0-g34b5d4f.json',
  'gen2_Shelly Plus Plug IT_SNPL-00110IT_20231219-133948-1.1.0-g34b5d4f.json',
  'gen2_Shelly Plus Plug S_SNPL-00112EU_20231219-134003-1.1.0-g34b5d4f.json',
  'gen2_Shelly Pro 3_SPSW-003XE16EU_20231219-133956-1.1.0-g34b5d4f.json',
  'gen2_Shelly Pro 4PM_SPSW-004PE16EU_20230912-082358-1.0.3-g6176478.json',
  'gen2_Shelly Wall Display_SAWD-0A1XX10EU1_20240115-105444-1.2.8-59063a9a.json',
  'rpc/shellyblugatewaygen3',
  'rpc/shellymini1gen4',
];

/** A capture as the suite walks it. */
// biome-ignore lint/suspicious/noExplicitAny: captures are untyped JSON; the adapter under test validates them.
type Capture = Record<string, any>;

interface Case {
  file: string;
  gen: number;
  fixture: Capture;
}

async function readJson(file: string): Promise<Capture> {
  return JSON.parse(await readFile(path.join(FIXTURES, file), 'utf8'));
}

async function discover(): Promise<string[]> {
  const dumps = (await readdir(FIXTURES)).filter((f) => /^gen[12]_.*\.json$/.test(f));
  const rpcDirs = existsSync(path.join(FIXTURES, 'rpc')) ? await readdir(path.join(FIXTURES, 'rpc')) : [];
  const withInfo = rpcDirs.filter((d) => existsSync(path.join(FIXTURES, 'rpc', d, 'Shelly.GetDeviceInfo')));
  return [...dumps, ...withInfo.map((d) => `rpc/${d}`)];
}

async function load(file: string): Promise<Case> {
  if (!file.startsWith('rpc/')) {
    const fixture = await readJson(file);
    return { file, gen: file.startsWith('gen1_') ? 1 : Number(fixture.shelly.gen), fixture };
  }
  const optional = async (name: string) =>
    existsSync(path.join(FIXTURES, file, name)) ? readJson(path.join(file, name)) : undefined;
  const dump = gen2DumpFromRpcCaptures({
    deviceInfo: await readJson(path.join(file, 'Shelly.GetDeviceInfo')),
    config: await optional('Shelly.GetConfig'),
    status: await optional('Shelly.GetStatus'),
  });
  return { file, gen: Number(dump.shelly.gen), fixture: dump as Capture };
}

function expectedPrefix(captureMac: string, kind: string): string {
  const hex = captureMac.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex === 'AABBCCDDEEFF' ? ouiOfKind(kind) : (hex.match(/../g) ?? []).slice(0, 3).join(':');
}

const running: StartedSimulator[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('shelly conformance', () => {
  it('reads every capture back through the simulator and the adapter', async () => {
    expect(existsSync(FIXTURES), `fixtures directory ${FIXTURES} is missing`).toBe(true);
    const found = await discover();
    const missing = EXPECTED.filter((f) => !found.includes(f));
    expect(missing, 'expected captures are missing').toEqual([]);

    const taken = new Set<string>();
    const tails = new Set<string>();
    const failures: string[] = [];
    let matched = 0;
    for (const [index, file] of found.entries()) {
      const c = await load(file);
      const kind = c.gen === 1 ? shellyGen1Kind : shellyGen2Kind;
      const started: StartedSimulator = await startSimulator(kind as typeof shellyGen2Kind, {
        address: testAddress(),
        name: `conformance-${index}`,
        fixture: c.fixture,
        takenMacs: taken,
      });
      running.push(started);
      const target = labProbeTarget(started);
      const context = labProbeContext();
      const [adapter, other] =
        c.gen === 1 ? [shellyGen1Adapter, shellyGen2Adapter] : [shellyGen2Adapter, shellyGen1Adapter];
      const identity = await adapter.identify(target, context);
      const wrongFamily = await other.identify(target, context);
      const problems: string[] = [];
      if (!identity) problems.push('not identified');
      if (wrongFamily) problems.push('also identified by the other generation');
      if (identity) {
        const facts = await adapter.inspect(target, identity, context);
        const shelly = c.fixture.shelly;
        const want = {
          model: c.gen === 1 ? shelly.type : shelly.model,
          firmware: c.gen === 1 ? shelly.fw : shelly.ver,
          macPrefix: expectedPrefix(shelly.mac, kind.kind),
          gen: c.gen,
          auth: (c.gen === 1 ? c.fixture.settings.login?.enabled : shelly.auth_en) ? 'required' : 'none',
        };
        const got = {
          model: facts.model,
          firmware: facts.firmware.installed,
          macPrefix: facts.mac?.slice(0, 8),
          // The adapter's private identity data records the generation it recognised.
          gen: (identity.data as { gen: number }).gen,
          auth: facts.auth.state,
        };
        for (const key of Object.keys(want) as Array<keyof typeof want>) {
          if (want[key] !== got[key]) problems.push(`${key}: want ${want[key]}, got ${got[key]}`);
        }
        if (facts.mac !== started.mac) problems.push(`mac: want ${started.mac}, got ${facts.mac}`);
        const tail = facts.mac?.slice(9) ?? '';
        if (tails.has(tail)) problems.push(`MAC tail ${tail} repeats another capture's`);
        tails.add(tail);
      }
      if (problems.length === 0) matched += 1;
      else failures.push(`${file}: ${problems.join('; ')}`);
      console.log(`shelly conformance: ${problems.length === 0 ? 'ok  ' : 'FAIL'} ${file}`);
    }
    console.log(`shelly conformance: ${found.length} files checked, ${matched} matched`);
    expect(failures).toEqual([]);
    expect(matched).toBeGreaterThanOrEqual(EXPECTED.length);
  });
});
