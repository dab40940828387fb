import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/app/report/render-html.ts';
import { type ScanResult, scanAndAudit } from '../../src/app/scan/scan-and-audit.ts';
import { renderDeviceTable, renderFindingTable } from '../../src/cli/output/report-tables.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testNetwork } from '../support/addresses.ts';

/**
 * Devices hang, lie and send garbage. Each hostile variant shares a network with two honest devices; the scan must
 * finish within its time bound, and the honest devices' findings must be exactly what they are without the hostiles.
 */
const BEHAVIORS = ['silent', 'endless-body', 'invalid-json', 'reset', 'evil-name'] as const;
const prefix = testNetwork().replace(/\.0\/24$/, '');
const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-hostile-'));
/** Per-request deadline and per-host budget used by this scan: the bound every hostile must respect. */
const REQUEST_TIMEOUT_MS = 1000;
const SCAN_BOUND_MS = 15_000;

let lab: RunningLab;
let result: ScanResult;
let elapsedMs: number;

beforeAll(async () => {
  process.env.IOTWARDEN_RUNTIME_DIR = runtime;
  const scenario = buildScenario(
    {
      devices: [
        { name: 'honest-plug', kind: 'shelly-gen2', address: `${prefix}.10`, auth: { enabled: false } },
        { name: 'honest-kasa', kind: 'kasa-legacy', address: `${prefix}.11`, model: 'HS103(US)' },
        ...BEHAVIORS.map((behavior, i) => ({
          name: `hostile-${behavior}`,
          kind: 'hostile',
          address: `${prefix}.${20 + i}`,
          behavior,
        })),
      ],
    },
    { file: '<hostile>', baseDir: process.cwd() },
  );
  lab = await startLab(scenario, { writePortMap: true });
  const started = Date.now();
  result = await scanAndAudit({
    targets: [`${prefix}.0/24`],
    ports: 'default',
    allowLarge: false,
    credentialEntries: [],
    credentialChecks: true,
    leaseFiles: [],
    connectTimeoutMs: undefined,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    connectConcurrency: undefined,
    db: join(runtime, 'inventory.db'),
    progress: undefined,
    log: silentLogger,
  });
  elapsedMs = Date.now() - started;
}, 60_000);

afterAll(async () => {
  await lab?.stop();
});

describe('a scan among hostile devices', () => {
  it('completes within its time bound and lists every host', () => {
    expect(result.status).toBe('complete');
    expect(elapsedMs).toBeLessThan(SCAN_BOUND_MS);
    const addresses = result.model.devices.flatMap((d) => d.addresses).sort();
    for (const device of lab.devices) expect(addresses).toContain(device.address);
  });

  it('keeps the honest devices intact', () => {
    const plug = result.model.devices.find((d) => d.addresses.includes(`${prefix}.10`))!;
    const kasa = result.model.devices.find((d) => d.addresses.includes(`${prefix}.11`))!;
    expect(plug.model).toBe('SNSW-001P16EU');
    expect(plug.findings.map((f) => f.checkId).sort()).toEqual(['auth.no-login', 'transport.cleartext-admin']);
    expect(kasa.model).toBe('HS103(US)');
    expect(kasa.findings.map((f) => f.checkId)).toContain('protocol.kasa-legacy-xor');
  });

  it('records what went wrong with the hostile ones instead of failing', () => {
    const troubled = new Set(result.problems.map((p) => p.address));
    expect(troubled.has(`${prefix}.20`)).toBe(true); // silent: timeouts
    expect(troubled.has(`${prefix}.10`)).toBe(false);
  });

  it('never lets a device name reach a terminal or a report unescaped', () => {
    const evil = result.model.devices.find((d) => d.addresses.includes(`${prefix}.24`))!;
    expect(evil.name).toContain('<script>');
    const html = renderHtml(result.model);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    const table =
      renderDeviceTable(result.model, { color: false }) + renderFindingTable(result.model, { color: false });
    // In a terminal, markup is just text; what must not pass is a control character or an escape sequence.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that no control character survives.
    expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
