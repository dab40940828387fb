import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanOutcome } from '../../src/app/scan/run-scan.ts';
import type { HostFacts } from '../../src/families/facts.ts';
import { FAMILIES } from '../../src/families/index.ts';
import type { SimulatorCapture } from '../../src/lab/core/captures.ts';
import type { DeviceKind } from '../../src/lab/core/simulator.ts';
import { familyCaptures, simulatorKind } from '../../src/lab/kinds.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { portResolverFrom } from '../../src/net/port-overrides.ts';
import { namedPortList } from '../../src/net/ports.ts';
import { parseTargets } from '../../src/net/targets.ts';
import { testNetwork } from '../support/addresses.ts';
import { SHARED_FIXTURES, sharedCaptures } from '../support/shared-fixtures.ts';

/**
 * Conformance through the whole scanner: every shared capture of every family in the table (each family's
 * `simulator/index.ts` lists its own) is served by one lab, each device with its own MAC tail, and the block is
 * scanned exactly as `iotwarden scan` does it. What the scan reports must equal the capture: the family, model,
 * hardware version, firmware, MAC and protocol.
 */
interface Case {
  kind: string;
  capture: SimulatorCapture;
}

let lab: RunningLab;
let outcome: ScanOutcome;
const cases: Case[] = FAMILIES.flatMap((family) =>
  familyCaptures(family.id)(sharedCaptures).map((capture) => ({ kind: family.id, capture })),
);
const network = testNetwork();

beforeAll(async () => {
  const base = network.replace(/\.0\/24$/, '');
  lab = await startLab({
    name: 'scan conformance',
    devices: cases.map(({ kind, capture }, i) => ({
      name: `capture-${i}`,
      kind: kind as DeviceKind,
      address: `${base}.${i + 2}`,
      mac: undefined,
      fixturePath: undefined,
      fixture: capture.fixture,
      settings: simulatorKind(kind)?.settings.parse({}),
    })),
  });
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

describe('scan conformance over every shared capture of every family', () => {
  it('scans them all', () => {
    expect(cases.length).toBeGreaterThanOrEqual(116);
    expect(outcome.status).toBe('complete');
  });

  it('reports family, model, hardware version, firmware, MAC and protocol exactly as captured', () => {
    const byAddress = new Map<string, HostFacts>(outcome.hosts.map((h) => [h.address, h]));
    const mismatches: string[] = [];
    cases.forEach(({ capture }, i) => {
      const labDevice = lab.device(`capture-${i}`);
      const device = byAddress.get(labDevice.address)?.device;
      if (!device) {
        mismatches.push(`${capture.file}: not identified by the scan`);
        return;
      }
      const { expected } = capture;
      const actual: Record<string, unknown> = {
        family: device.family,
        model: device.model,
        hwVersion: device.hwVersion,
        firmware: device.firmware.installed,
        macPrefix: device.mac?.slice(0, 8),
        protocol: device.protocols.find((p) => p === expected.protocol) ?? device.protocols[0],
      };
      for (const key of Object.keys(actual)) {
        const want = expected[key as keyof typeof expected];
        if (want !== undefined && actual[key] !== want)
          mismatches.push(
            `${capture.file}: ${key} is ${JSON.stringify(actual[key])}, capture says ${JSON.stringify(want)}`,
          );
      }
      if (device.mac !== labDevice.mac)
        mismatches.push(`${capture.file}: MAC ${device.mac} is not the device's ${labDevice.mac}`);
    });
    const failed = new Set(mismatches.map((m) => m.split(':')[0]));
    const matched = cases.length - failed.size;
    console.log(
      `scan conformance: ${cases.length} captures from ${SHARED_FIXTURES} scanned, ${matched} matched, accuracy ${((matched / cases.length) * 100).toFixed(1)}%`,
    );
    expect(mismatches).toEqual([]);
  });
});
