import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeviceFacts } from '../../src/families/facts.ts';
import { kasaLegacyAdapter } from '../../src/families/kasa-legacy/adapter.ts';
import { kasaLegacyKind } from '../../src/families/kasa-legacy/simulator/kind.ts';
import { kasaSmartAdapter } from '../../src/families/kasa-smart/adapter.ts';
import { kasaSmartKind } from '../../src/families/kasa-smart/simulator/kind.ts';
import {
  createKasaDiscoveryKeyPair,
  kasaLegacyDiscoveryProbe,
  parseKasaLegacyDiscovery,
} from '../../src/families/tplink/discovery.ts';
import { ouiOfKind } from '../../src/lab/core/mac-assign.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { normalizeMac } from '../../src/net/mac.ts';
import { udpExchange } from '../../src/net/udp-exchange.ts';
import { testAddress } from '../support/addresses.ts';
import {
  discoverSmart,
  KASA_FIXTURES,
  listKasaFixtures,
  probeContext,
  readKasaFixture,
  targetFor,
} from '../support/kasa.ts';

/**
 * Conformance: every python-kasa capture in ../shared/fixtures/kasa/{iot,smart,smartcam} is served by the lab
 * simulators (each with its own MAC tail and ids) and read back through the product's discovery parsers and adapters.
 * Model, hardware version, firmware (where readable without credentials), MAC vendor prefix and transport
 * (XOR / KLAP / AES) must equal the capture; smart devices are also read with their owner's account, which must
 * yield the capture's get_device_info versions.
 */
type Folder = 'iot' | 'smart' | 'smartcam';
// biome-ignore lint/suspicious/noExplicitAny: captures are untyped JSON; the adapters under test validate them.
type Capture = Record<string, any>;

/** How many captures each folder held when this suite was written; fewer means files went missing. */
const MIN_FILES: Record<Folder, number> = { iot: 48, smart: 44, smartcam: 13 };
/** Captures the Kasa unit tests read by name. */
const NAMED = [
  'iot/HS100(US)_1.0_1.2.5.json',
  'iot/HS110(US)_1.0_1.2.6.json',
  'iot/HS300(US)_1.0_1.0.10.json',
  'iot/KL130(EU)_1.0_1.8.8.json',
  'smart/P110(UK)_1.0_1.3.0.json',
  'smart/L530E(EU)_3.0_1.1.6.json',
  'smart/P100(US)_1.0.0_1.3.7.json',
  'smart/TP15(US)_1.0_1.0.3.json',
  'smart/L900-10(EU)_1.0_1.0.17.json',
  'smartcam/C210(EU)_2.0_1.4.2.json',
  'smartcam/C220(EU)_1.0_1.2.5.json',
  'smartcam/TC65_1.0_1.3.9.json',
];
const BATCH = 8;

const running: StartedSimulator[] = [];
const takenMacs = new Set<string>();
const seenIds = new Set<string>();
const mismatches: string[] = [];
let checked = 0;
let matched = 0;

afterAll(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  console.log(`kasa conformance: ${checked} files checked, ${matched} matched`);
  if (mismatches.length > 0) console.log(mismatches.join('\n'));
});

function expectedPrefix(captureMac: unknown, kind: 'kasa-legacy' | 'kasa-smart'): string {
  const mac = normalizeMac(captureMac) ?? '00:00:00:00:00:00';
  return mac.startsWith('00:00:00') ? ouiOfKind(kind) : mac.slice(0, 8);
}

/** Compares and records; returns the differences so the test fails with all of them at once. */
function compare(file: string, facts: DeviceFacts, expected: Record<string, unknown>, assignedMac: string): string[] {
  const actual: Record<string, unknown> = {
    model: facts.model,
    hwVersion: facts.hwVersion,
    firmware: facts.firmware.installed,
    macPrefix: facts.mac?.slice(0, 8),
    transport: facts.protocols[0],
  };
  const diffs = Object.keys(expected)
    .filter((k) => actual[k] !== expected[k])
    .map((k) => `${file}: ${k} is ${JSON.stringify(actual[k])}, capture says ${JSON.stringify(expected[k])}`);
  if (facts.mac !== assignedMac) diffs.push(`${file}: MAC ${facts.mac} is not the lab-assigned ${assignedMac}`);
  const id = facts.deviceId ?? '';
  if (!id || /^0+$/.test(id) || seenIds.has(id)) diffs.push(`${file}: device id ${id} is masked or not unique`);
  seenIds.add(id);
  checked += 1;
  if (diffs.length === 0) matched += 1;
  mismatches.push(...diffs);
  return diffs;
}

async function inBatches<T>(items: T[], run: (item: T, index: number) => Promise<string[]>): Promise<string[]> {
  const diffs: string[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const results = await Promise.all(items.slice(i, i + BATCH).map((item, j) => run(item, i + j)));
    diffs.push(...results.flat());
  }
  return diffs;
}

async function start(
  kind: typeof kasaLegacyKind | typeof kasaSmartKind,
  name: string,
  fixture: Capture,
  settings?: unknown,
) {
  const address = testAddress();
  const started = await startSimulator(kind as typeof kasaLegacyKind, { address, name, fixture, settings, takenMacs });
  running.push(started);
  return { address, started };
}

describe('kasa conformance', () => {
  it('finds every expected capture', () => {
    for (const folder of Object.keys(MIN_FILES) as Folder[]) {
      expect(existsSync(join(KASA_FIXTURES, folder)), `${KASA_FIXTURES}/${folder} is missing`).toBe(true);
      expect(listKasaFixtures(folder).length, `${folder} holds fewer captures than expected`).toBeGreaterThanOrEqual(
        MIN_FILES[folder],
      );
    }
    for (const file of NAMED) expect(existsSync(join(KASA_FIXTURES, file)), `${file} is missing`).toBe(true);
  });

  it('iot: every legacy capture reads back over XOR (UDP discovery + TCP 9999)', async () => {
    const files = listKasaFixtures('iot');
    const diffs = await inBatches(files, async (file, i) => {
      const fixture: Capture = readKasaFixture('iot', file);
      const sysinfo = fixture.system.get_sysinfo as Capture;
      const { address, started } = await start(kasaLegacyKind, `iot-${i}`, fixture);
      const answers = await udpExchange({
        host: address,
        port: started.portOf(9999, 'udp'),
        payload: kasaLegacyDiscoveryProbe(),
        timeoutMs: 2000,
        maxBytes: 65535,
        maxAnswers: 1,
      });
      const udp = answers[0] ? parseKasaLegacyDiscovery(answers[0].data) : undefined;
      const target = targetFor(started, address, {
        openTcpPorts: [9999],
        ...(udp ? { udp: { answers: { kasa: udp } } } : {}),
      });
      const identity = await kasaLegacyAdapter.identify(target, probeContext());
      if (!identity) return [`iot/${file}: not identified`];
      const facts = await kasaLegacyAdapter.inspect(target, identity, probeContext());
      return compare(
        `iot/${file}`,
        facts,
        {
          model: sysinfo.model,
          hwVersion: sysinfo.hw_ver,
          firmware: sysinfo.sw_ver,
          macPrefix: expectedPrefix(sysinfo.mac ?? sysinfo.mic_mac, 'kasa-legacy'),
          transport: 'kasa-xor',
        },
        started.mac,
      );
    });
    expect(diffs).toEqual([]);
  });

  it('smart: every Kasa/Tapo capture is identified from UDP 20002 and read with the owner account', async () => {
    const files = listKasaFixtures('smart');
    const diffs = await inBatches(files, async (file, i) => {
      const fixture: Capture = readKasaFixture('smart', file);
      const result = fixture.discovery_result.result as Capture;
      const info = (fixture.get_device_info ?? {}) as Capture;
      const account = { username: `owner-${i}@example.com`, password: `pw-${i}` };
      const { address, started } = await start(kasaSmartKind, `smart-${i}`, fixture, {
        auth: { enabled: true, ...account },
      });
      const target = targetFor(started, address, {
        udp: { answers: { 'tplink-smart': await discoverSmart(address, started.portOf(20002, 'udp')) } },
      });
      const identity = await kasaSmartAdapter.identify(target, probeContext());
      if (!identity) return [`smart/${file}: not identified`];
      const transport = result.mgt_encrypt_schm.encrypt_type === 'KLAP' ? 'klap' : 'aes';
      const prefix = expectedPrefix(result.mac, 'kasa-smart');
      const anonymous = await kasaSmartAdapter.inspect(target, identity, probeContext());
      const diffs = compare(
        `smart/${file}`,
        anonymous,
        { model: result.device_model, hwVersion: result.hw_ver, firmware: undefined, macPrefix: prefix, transport },
        started.mac,
      );
      if (!anonymous.limitations.includes('needs TP-Link cloud credentials to read firmware')) {
        diffs.push(`smart/${file}: no credential limitation stated`);
      }
      const owned = await kasaSmartAdapter.inspect(target, identity, probeContext({ credentials: () => account }));
      if (owned.firmware.installed !== info.fw_ver || owned.hwVersion !== info.hw_ver) {
        diffs.push(
          `smart/${file}: with credentials read ${owned.firmware.installed} / ${owned.hwVersion}, capture says ${info.fw_ver} / ${info.hw_ver}`,
        );
      }
      return diffs;
    });
    expect(diffs).toEqual([]);
  });

  it('smartcam: every Tapo camera capture reads back from discovery, AES over HTTPS', async () => {
    const files = listKasaFixtures('smartcam');
    const keys = createKasaDiscoveryKeyPair();
    const diffs = await inBatches(files, async (file, i) => {
      const fixture: Capture = readKasaFixture('smartcam', file);
      const result = fixture.discovery_result.result as Capture;
      const { address, started } = await start(kasaSmartKind, `cam-${i}`, fixture);
      const target = targetFor(started, address, {
        udp: { answers: { 'tplink-smart': await discoverSmart(address, started.portOf(20002, 'udp'), keys) } },
      });
      const identity = await kasaSmartAdapter.identify(target, probeContext());
      if (!identity) return [`smartcam/${file}: not identified`];
      const facts = await kasaSmartAdapter.inspect(target, identity, probeContext());
      return compare(
        `smartcam/${file}`,
        facts,
        {
          model: result.device_model,
          hwVersion: result.hardware_version,
          firmware: result.firmware_version,
          macPrefix: expectedPrefix(result.mac, 'kasa-smart'),
          transport: result.encrypt_info.sym_schm === 'AES' ? 'aes' : 'unknown',
        },
        started.mac,
      );
    });
    expect(diffs).toEqual([]);
  });
});
