import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanOutcome } from '../../src/app/scan/run-scan.ts';
import type { HostFacts } from '../../src/families/facts.ts';
import { gen2DumpFromRpcCaptures } from '../../src/families/shelly-gen2/simulator/kind.ts';
import { ouiOfKind } from '../../src/lab/core/mac-assign.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { normalizeMac } from '../../src/net/mac.ts';
import { portResolverFrom } from '../../src/net/port-overrides.ts';
import { namedPortList } from '../../src/net/ports.ts';
import { parseTargets } from '../../src/net/targets.ts';
import { testNetwork } from '../support/addresses.ts';

/**
 * Conformance through the whole scanner: every capture in ../shared/fixtures/kasa and ../shared/fixtures/shelly is
 * served by one lab (each device with its own MAC tail), the block is scanned exactly as `iotwarden scan` does it,
 * and what the scan reports must equal the capture: model, hardware version, firmware, MAC and protocol.
 */
const FIXTURES = resolve(process.cwd(), '../shared/fixtures');
// biome-ignore lint/suspicious/noExplicitAny: captures are untyped JSON.
type Capture = Record<string, any>;

interface Case {
  file: string;
  kind: 'kasa-legacy' | 'kasa-smart' | 'shelly-gen1' | 'shelly-gen2';
  fixturePath: string;
  expected: { model: unknown; hwVersion?: unknown; firmware?: unknown; macPrefix: string; protocol: string };
}

const read = (path: string): Capture => JSON.parse(readFileSync(path, 'utf8'));
const list = (dir: string): string[] =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.json'))
    .sort();

function prefixFor(captureMac: unknown, kind: string): string {
  const mac = normalizeMac(String(captureMac ?? '')) ?? '00:00:00:00:00:00';
  const masked = mac.startsWith('00:00:00') || mac === 'AA:BB:CC:DD:EE:FF';
  return masked ? ouiOfKind(kind) : mac.slice(0, 8);
}

function kasaCases(): Case[] {
  const iot = list('kasa/iot').map((file): Case => {
    const fixturePath = join(FIXTURES, 'kasa/iot', file);
    const capture = read(fixturePath);
    const sysinfo = capture.system.get_sysinfo;
    const klap = capture.discovery_result?.result?.mgt_encrypt_schm?.encrypt_type === 'KLAP';
    return {
      file: `kasa/iot/${file}`,
      kind: 'kasa-legacy',
      fixturePath,
      expected: {
        model: sysinfo.model,
        hwVersion: sysinfo.hw_ver,
        firmware: sysinfo.sw_ver,
        macPrefix: prefixFor(sysinfo.mac ?? sysinfo.mic_mac, 'kasa-legacy'),
        protocol: klap ? 'klap' : 'kasa-xor',
      },
    };
  });
  const smart = (['smart', 'smartcam'] as const).flatMap((folder) =>
    list(`kasa/${folder}`).map((file): Case => {
      const fixturePath = join(FIXTURES, 'kasa', folder, file);
      const result = read(fixturePath).discovery_result.result;
      const camera = folder === 'smartcam';
      const scheme = camera ? result.encrypt_info?.sym_schm : result.mgt_encrypt_schm?.encrypt_type;
      return {
        file: `kasa/${folder}/${file}`,
        kind: 'kasa-smart',
        fixturePath,
        expected: {
          model: result.device_model,
          hwVersion: camera ? result.hardware_version : result.hw_ver,
          // Without the owner's TP-Link account only cameras tell their firmware in discovery.
          ...(camera ? { firmware: result.firmware_version } : {}),
          macPrefix: prefixFor(result.mac, 'kasa-smart'),
          protocol: scheme === 'KLAP' ? 'klap' : 'aes',
        },
      };
    }),
  );
  return [...iot, ...smart];
}

function shellyCases(scratch: string): Case[] {
  const dumps = readdirSync(join(FIXTURES, 'shelly')).filter((f) => /^gen[12]_.*\.json$/.test(f));
  const rpcDir = join(FIXTURES, 'shelly/rpc');
  const rpc = readdirSync(rpcDir).filter((d) => existsSync(join(rpcDir, d, 'Shelly.GetDeviceInfo')));
  const fromRpc = rpc.map((dir) => {
    const optional = (name: string) =>
      existsSync(join(rpcDir, dir, name)) ? read(join(rpcDir, dir, name)) : undefined;
    const dump = gen2DumpFromRpcCaptures({
      deviceInfo: read(join(rpcDir, dir, 'Shelly.GetDeviceInfo')),
      config: optional('Shelly.GetConfig'),
      status: optional('Shelly.GetStatus'),
    });
    const path = join(scratch, `${dir}.json`);
    writeFileSync(path, JSON.stringify(dump));
    return { file: `shelly/rpc/${dir}`, path };
  });
  return [...dumps.map((f) => ({ file: `shelly/${f}`, path: join(FIXTURES, 'shelly', f) })), ...fromRpc].map(
    ({ file, path }): Case => {
      const { shelly, settings } = read(path);
      const gen1 = shelly.gen === undefined;
      return {
        file,
        kind: gen1 ? 'shelly-gen1' : 'shelly-gen2',
        fixturePath: path,
        expected: {
          model: gen1 ? shelly.type : shelly.model,
          ...(gen1 && settings?.hwinfo?.hw_revision ? { hwVersion: settings.hwinfo.hw_revision } : {}),
          firmware: gen1 ? shelly.fw : shelly.ver,
          macPrefix: prefixFor(shelly.mac, gen1 ? 'shelly-gen1' : 'shelly-gen2'),
          protocol: gen1 ? 'shelly-http' : 'shelly-rpc',
        },
      };
    },
  );
}

let lab: RunningLab;
let outcome: ScanOutcome;
let cases: Case[];
const network = testNetwork();

beforeAll(async () => {
  expect(existsSync(FIXTURES), `${FIXTURES} is missing`).toBe(true);
  cases = [...kasaCases(), ...shellyCases(mkdtempSync(join(tmpdir(), 'iotwarden-scan-conf-')))];
  const base = network.replace(/\.0\/24$/, '');
  const scenario = buildScenario(
    {
      devices: cases.map((c, i) => ({
        name: `capture-${i}`,
        kind: c.kind,
        address: `${base}.${i + 2}`,
        fixture: c.fixturePath,
      })),
    },
    { file: '<scan conformance>', baseDir: FIXTURES },
  );
  lab = await startLab(scenario);
  const portMap = portResolverFrom([
    { pid: process.pid, startedAt: '', devices: lab.devices.map((d) => ({ ...d, ports: d.ports })) },
  ]);
  outcome = await runScan({
    targets: parseTargets([network]),
    ports: namedPortList('default'),
    credentials: () => undefined,
    credentialChecks: false,
    connectPort: portMap,
    neighbours: false,
  });
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('scan conformance over every Kasa and Shelly capture', () => {
  it('holds every capture folder it was written against', () => {
    expect(cases.filter((c) => c.file.startsWith('kasa/iot/')).length).toBeGreaterThanOrEqual(48);
    expect(cases.filter((c) => c.file.startsWith('kasa/smart/')).length).toBeGreaterThanOrEqual(44);
    expect(cases.filter((c) => c.file.startsWith('kasa/smartcam/')).length).toBeGreaterThanOrEqual(13);
    expect(cases.filter((c) => c.file.startsWith('shelly/')).length).toBeGreaterThanOrEqual(10);
    expect(outcome.status).toBe('complete');
  });

  it('reports model, hardware version, firmware, MAC and protocol exactly as captured', () => {
    const byAddress = new Map<string, HostFacts>(outcome.hosts.map((h) => [h.address, h]));
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const labDevice = lab.device(`capture-${i}`);
      const device = byAddress.get(labDevice.address)?.device;
      if (!device) {
        mismatches.push(`${c.file}: not identified by the scan`);
        return;
      }
      const actual: Record<string, unknown> = {
        model: device.model,
        hwVersion: device.hwVersion,
        firmware: device.firmware.installed,
        macPrefix: device.mac?.slice(0, 8),
        protocol: device.protocols.find((p) => p === c.expected.protocol) ?? device.protocols[0],
      };
      for (const [key, want] of Object.entries(c.expected)) {
        if (actual[key] !== want)
          mismatches.push(`${c.file}: ${key} is ${JSON.stringify(actual[key])}, capture says ${JSON.stringify(want)}`);
      }
      if (device.mac !== labDevice.mac)
        mismatches.push(`${c.file}: MAC ${device.mac} is not the device's ${labDevice.mac}`);
    });
    const failed = new Set(mismatches.map((m) => m.split(':')[0]));
    const matched = cases.length - failed.size;
    console.log(
      `scan conformance: ${cases.length} captures scanned, ${matched} matched, accuracy ${((matched / cases.length) * 100).toFixed(1)}%`,
    );
    expect(mismatches).toEqual([]);
  });
});
