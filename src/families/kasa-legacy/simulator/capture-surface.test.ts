import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { listKasaFixtures, readKasaFixture } from '../../../../test/support/kasa.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { isObject } from '../../tplink/discovery.ts';
import { kasaLegacyCall } from '../transport.ts';
import { kasaLegacyKind } from './kind.ts';

/**
 * Conformance over ../shared/fixtures/kasa/iot: every legacy capture, served by the simulator, answers every
 * method it recorded (with data, or with the error it recorded), and the standard modules of its family
 * (module-plan.ts) on top. Fails when the folder holds fewer captures than when this was written.
 */
const ctx = { signal: new AbortController().signal, timeoutMs: 3000, maxBytes: 1 << 20 };
const running: StartedSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const PLUG_READS = { time: { get_time: {}, get_timezone: {} }, schedule: { get_rules: {}, get_next_action: {} } };
const PLUG_MORE = { count_down: { get_rules: {} }, anti_theft: { get_rules: {} }, netif: { get_scaninfo: {} } };
const BULB_READS = {
  'smartlife.iot.common.timesetting': { get_time: {}, get_timezone: {} },
  'smartlife.iot.common.schedule': { get_rules: {}, get_next_action: {}, get_daystat: { year: 2026, month: 1 } },
  'smartlife.iot.common.anti_theft': { get_rules: {} },
  netif: { get_scaninfo: {} },
};

/** Every `err_code` in an answer, with its path. */
function errors(answer: unknown, path = ''): string[] {
  if (!isObject(answer)) return [];
  const own = typeof answer.err_code === 'number' && answer.err_code !== 0 ? [`${path}: ${answer.err_code}`] : [];
  return [...own, ...Object.entries(answer).flatMap(([k, v]) => errors(v, path ? `${path}.${k}` : k))];
}

describe('kasa-legacy simulator: every capture answers its recorded and its standard methods', () => {
  it('serves all iot captures', async () => {
    const files = listKasaFixtures('iot');
    expect(files.length).toBeGreaterThanOrEqual(48);
    const failures: string[] = [];
    for (const file of files) {
      const fixture = readKasaFixture('iot', file);
      const address = testAddress();
      const started = await startSimulator(kasaLegacyKind, { address, name: `iot-${file}`, fixture });
      running.push(started);
      const call = (request: Record<string, unknown>) => kasaLegacyCall(address, started.portOf(9999), request, ctx);
      for (const [module, methods] of Object.entries(fixture)) {
        if (module === 'discovery_result' || !isObject(methods)) continue;
        const recordedErrors = errors(methods);
        const request = { [module]: Object.fromEntries(Object.keys(methods).map((m) => [m, {}])) };
        const answer = await call(recordedErrors.length > 0 ? { [module]: { get_realtime: {} } } : request);
        const got = errors(answer[module]);
        if (recordedErrors.length === 0 && got.length > 0) failures.push(`${file}: ${got.join(', ')}`);
        if (recordedErrors.length > 0 && (answer[module] as Record<string, unknown>).err_code !== -1) {
          failures.push(`${file}: ${module} should stay unsupported`);
        }
      }
      const sysinfo = (fixture.system as { get_sysinfo: Record<string, unknown> }).get_sysinfo;
      const bulb = (sysinfo.mic_type ?? sysinfo.type) === 'IOT.SMARTBULB';
      const standard = await call(bulb ? BULB_READS : { ...PLUG_READS, ...PLUG_MORE });
      failures.push(...errors(standard).map((e) => `${file}: ${e}`));
      await started.stop();
      running.length = 0;
    }
    expect(failures).toEqual([]);
  });
});
