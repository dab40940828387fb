import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { DeviceTimeoutError, ProtocolError } from '../../../errors/index.ts';
import { kasaLegacyCall } from '../../../families/kasa-legacy/transport.ts';
import { requestHttp } from '../../../net/http-client.ts';
import { tcpExchange } from '../../../net/tcp-exchange.ts';
import { deeperThan } from '../../../util/bounded-json.ts';
import { type StartedSimulator, startSimulator } from '../../core/start-simulator.ts';
import { EVIL_NAME } from './evil-shelly.ts';
import { hostileKind } from './hostile-kind.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function hostile(
  behavior: string,
  fixture?: unknown,
  ports?: number[],
): Promise<{ sim: StartedSimulator; address: string }> {
  const address = testAddress();
  const settings = ports ? { behavior, ports } : { behavior };
  const sim = await startSimulator(hostileKind, { address, settings, fixture });
  started.push(sim);
  return { sim, address };
}

const get = (address: string, port: number, path = '/shelly', maxBytes = 64 * 1024) =>
  requestHttp({ host: address, port, path, timeoutMs: 400, maxBytes });

describe('hostile simulator', () => {
  it("'silent' accepts on 80, 9999 and 23 and never answers", async () => {
    const { sim, address } = await hostile('silent');
    await expect(get(address, sim.portOf(80))).rejects.toBeInstanceOf(DeviceTimeoutError);
    for (const port of [9999, 23]) {
      const got = await tcpExchange({
        host: address,
        port: sim.portOf(port),
        send: Buffer.from('hello\r\n'),
        complete: () => false,
        timeoutMs: 300,
        maxBytes: 64,
        partialOnTimeout: true,
      });
      expect(got.length).toBe(0);
    }
  });

  it("'endless-body' streams until the client's byte limit cuts it off, and keeps serving", async () => {
    const { sim, address } = await hostile('endless-body');
    await expect(get(address, sim.portOf(80), '/', 256 * 1024)).rejects.toBeInstanceOf(ProtocolError);
    await expect(get(address, sim.portOf(80), '/', 1024)).rejects.toThrow(/exceeds 1024 bytes/);
  });

  it("'invalid-json' answers application/json that does not parse", async () => {
    const { sim, address } = await hostile('invalid-json');
    for (const path of ['/shelly', '/api/config', '/cm']) {
      const response = await get(address, sim.portOf(80), path);
      expect(response.headers['content-type']).toBe('application/json');
      expect(() => response.json()).toThrow(ProtocolError);
    }
  });

  it("'reset' tears the connection down mid-body", async () => {
    const { sim, address } = await hostile('reset');
    await expect(get(address, sim.portOf(80))).rejects.toBeInstanceOf(ProtocolError);
    // the lab is still up for the next client
    await expect(get(address, sim.portOf(80))).rejects.toBeInstanceOf(ProtocolError);
  });

  it("'evil-name' is a Shelly Gen1 whose name carries script, ANSI escapes and control characters", async () => {
    const { sim, address } = await hostile('evil-name');
    const shelly = (await get(address, sim.portOf(80), '/shelly')).json() as Record<string, unknown>;
    expect(shelly.type).toBe('SHSW-1');
    expect(shelly.gen).toBeUndefined();
    expect(shelly.mac).toBe(sim.mac.replace(/:/g, ''));
    const settings = (await get(address, sim.portOf(80), '/settings')).json() as { name: string };
    expect(settings.name).toBe(EVIL_NAME);
    expect(settings.name).toContain('<script>alert(1)</script>');
    expect(settings.name).toContain('\u001b[');
    expect(settings.name).toContain('\u0000');
  });

  it("'evil-name' keeps a Gen1 capture's shape when one is given", async () => {
    const fixture = {
      shelly: { type: 'SHAIR-1', fw: 'x', mac: 'AABBCCDDEEFF' },
      settings: { name: 'Test Name', fw: 'x' },
      status: { uptime: 5 },
    };
    const { sim, address } = await hostile('evil-name', fixture);
    const shelly = (await get(address, sim.portOf(80), '/shelly')).json() as Record<string, unknown>;
    expect(shelly).toMatchObject({ type: 'SHAIR-1', name: EVIL_NAME });
    expect((await get(address, sim.portOf(80), '/status')).json()).toMatchObject({ uptime: 5 });
  });

  it('serves any behaviour on the ports it is given: HTTP on 80, raw TCP elsewhere', async () => {
    const { sim, address } = await hostile('invalid-json', undefined, [80, 6053]);
    const response = await get(address, sim.portOf(80));
    expect(() => response.json()).toThrow(ProtocolError);
    const raw = await tcpExchange({
      host: address,
      port: sim.portOf(6053),
      send: Buffer.from([0, 1, 2]),
      complete: () => false,
      timeoutMs: 500,
      maxBytes: 1024,
    });
    expect(raw.toString('latin1')).toMatch(/^\{"model":"HS100","sw_ver":/);
    expect(() => sim.portOf(9999)).toThrow();
  });

  it("'endless-body' on a raw port floods until the client's byte limit", async () => {
    const { sim, address } = await hostile('endless-body', undefined, [9999]);
    const exchange = tcpExchange({
      host: address,
      port: sim.portOf(9999),
      complete: () => false,
      timeoutMs: 2000,
      maxBytes: 64 * 1024,
    });
    await expect(exchange).rejects.toThrow(/exceeds 65536 bytes/);
  });

  it("'deep-json' is a Shelly Gen1 without login whose /settings nests 100,000 levels", async () => {
    const { sim, address } = await hostile('deep-json');
    expect((await get(address, sim.portOf(80), '/shelly')).json()).toMatchObject({ type: 'SHSW-1' });
    const settings = await get(address, sim.portOf(80), '/settings', 1 << 20);
    expect(settings.status).toBe(200);
    // The raw text: the client's json() cuts anything deeper than MAX_JSON_DEPTH (util/parse-bounded-json.ts).
    const parsed = JSON.parse(settings.text()) as { deep: unknown; login: { enabled: boolean } };
    expect(parsed.login.enabled).toBe(false);
    expect(deeperThan(parsed.deep, 99_999)).toBe(true);
  });

  it("'kasa-missing-module' answers get_sysinfo alone, and leaves `system` out of a combined answer", async () => {
    const { sim, address } = await hostile('kasa-missing-module');
    const context = { timeoutMs: 1000, maxBytes: 64 * 1024, signal: AbortSignal.timeout(5000) };
    const port = sim.portOf(9999);
    const alone = await kasaLegacyCall(address, port, { system: { get_sysinfo: {} } }, context);
    expect(alone).toMatchObject({ system: { get_sysinfo: { model: 'HS100(UK)' } } });
    const combined = await kasaLegacyCall(
      address,
      port,
      { system: { get_sysinfo: {} }, cnCloud: { get_info: {} } },
      context,
    );
    expect(Object.keys(combined)).toEqual(['cnCloud']);
  });
});
