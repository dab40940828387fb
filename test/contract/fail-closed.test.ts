import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReportModel } from '../../src/app/report/build-report-model.ts';
import { renderHtml } from '../../src/app/report/render-html.ts';
import { renderMarkdown } from '../../src/app/report/render-markdown.ts';
import { inspectHost } from '../../src/app/scan/inspect-host.ts';
import { SCAN_ADAPTERS } from '../../src/app/scan/scan-adapters.ts';
import { runChecks } from '../../src/checks/catalogue.ts';
import { printDeviceDetail } from '../../src/cli/output/device-detail.ts';
import { printScanSummary } from '../../src/cli/output/scan-summary.ts';
import type { ProbeContext } from '../../src/families/device-adapter.ts';
import type { HostFacts } from '../../src/families/facts.ts';
import { SERVICE_IDENTIFIERS } from '../../src/services/index.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { type RunningLabDevice, startLabDevice } from '../support/lab-device.ts';

/**
 * Issue 8, defect 5: an unexpected but valid answer must never turn a weak device into a clean one. Each case is a
 * hostile lab device that answered the red-team pass this way; the scan's own inspection path must keep the
 * device's identity and the finding that proves its weakness, and say what it could not inspect.
 */
const running: RunningLabDevice[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

function context(): ProbeContext {
  return {
    signal: AbortSignal.timeout(10_000),
    timeoutMs: 2000,
    maxBytes: 1 << 20,
    credentials: () => undefined,
    credentialChecks: false,
    log: silentLogger,
  };
}

async function scanHostile(behavior: string): Promise<HostFacts> {
  const device = await startLabDevice('hostile', { settings: { behavior } });
  running.push(device);
  const target = await device.discover();
  const { facts } = await inspectHost(
    target,
    { address: device.address, sources: ['tcp'] },
    { adapters: SCAN_ADAPTERS, identifiers: SERVICE_IDENTIFIERS, context: context() },
  );
  return facts;
}

describe('adapters fail closed', () => {
  it('a Kasa answer missing the system module keeps the identity and the XOR finding', async () => {
    const host = await scanHostile('kasa-missing-module');
    expect(host.device).toMatchObject({ family: 'kasa-legacy', model: 'HS100(UK)', protocols: ['kasa-xor'] });
    expect(host.device?.firmware.installed).toBe('1.5.4 Build 180815 Rel.121440');
    const { findings } = runChecks(host);
    expect(findings.map((f) => f.checkId)).toContain('protocol.kasa-legacy-xor');
  });

  it('JSON nested 100,000 deep in a Shelly /settings keeps the "no login" finding and stays storable', async () => {
    const host = await scanHostile('deep-json');
    expect(host.device).toMatchObject({ family: 'shelly-gen1', model: 'SHSW-1', auth: { state: 'none' } });
    const { findings } = runChecks(host);
    expect(findings.map((f) => f.checkId)).toContain('auth.no-login');
    // The store and every renderer stringify the facts: the deep part is cut, not passed on.
    expect(() => JSON.stringify(host)).not.toThrow();
    expect(JSON.stringify(host.device?.config)).toContain('<nested too deep>');
  });
});

describe('what could not be inspected is shown', () => {
  const host: HostFacts = {
    address: '127.77.9.9',
    sources: ['tcp'],
    services: [],
    device: {
      family: 'shelly-gen1',
      vendor: 'Shelly',
      model: 'SHSW-1',
      firmware: {},
      protocols: ['shelly-http', 'http'],
      auth: { state: 'unknown' },
      debugInterfaces: [],
      exposedSecrets: [],
      limitations: [
        'could not fully inspect: shelly-gen1 adapter stopped: 127.77.9.9:80 did not answer within 2000 ms',
      ],
    },
    problems: ['shelly-gen1 adapter stopped: 127.77.9.9:80 did not answer within 2000 ms'],
  };

  it('in the checks that could not run, the Markdown and the HTML report', () => {
    const model = buildReportModel([host], { scannedAt: new Date(0) });
    const skipped = model.devices[0]?.skipped.find((s) => s.checkId === 'auth.no-login');
    expect(skipped?.reason).toContain('could not fully inspect: shelly-gen1 adapter stopped');
    expect(renderMarkdown(model)).toContain('Could not fully inspect: shelly-gen1 adapter stopped');
    expect(renderHtml(model)).toContain('could not fully inspect: shelly-gen1 adapter stopped');
  });

  it('in the scan summary and in `iotwarden device`', () => {
    const model = buildReportModel([host], { scannedAt: new Date(0) });
    const summary = captured((out) =>
      printScanSummary(
        out,
        {
          status: 'complete',
          targets: ['127.77.9.0/24'],
          ports: 'default',
          elapsedMs: 1000,
          model,
          record: { scanId: 1, devices: [], changes: [] },
          problems: [],
          withheld: [],
        },
        false,
      ),
    );
    expect(summary).toContain('could not fully inspect: shelly-gen1 adapter stopped');
    const device = model.devices[0];
    const detail = captured((out) =>
      printDeviceDetail(
        out,
        {
          deviceId: 'dev_1',
          name: undefined,
          family: 'shelly-gen1',
          mac: undefined,
          address: host.address,
          firstSeenMs: 0,
          lastSeenMs: 0,
          lastScanId: 1,
          scanned: true,
          context: { area: undefined, floor: undefined, homeAssistant: undefined, sources: [] },
          score: device?.score ?? 0,
          findingCounts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
          facts: host,
          findings: [],
          skipped: [],
          addressHistory: [],
        },
        device,
        false,
      ),
    );
    expect(detail).toContain('could not fully inspect: shelly-gen1 adapter stopped');
  });
});

/** What a printer wrote, as text. */
function captured(print: (out: NodeJS.WritableStream) => void): string {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  print(out);
  return chunks.join('');
}
