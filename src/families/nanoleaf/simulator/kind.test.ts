import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { readSharedJson } from '../../../../test/support/shared-fixtures.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { requestHttp } from '../../../net/http-client.ts';
import { nanoleafKind } from './kind.ts';

const TOKEN = 'simToken00000000000000000000000A';
const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.stop()));
});

async function controller(settings: unknown = {}, fixture?: unknown) {
  const address = testAddress();
  const sim = await startSimulator(nanoleafKind, { name: 'Hallway Lines', address, settings, fixture });
  started.push(sim);
  const call = (method: string, path: string, body?: unknown) =>
    requestHttp({
      host: address,
      port: sim.portOf(16021),
      path,
      method,
      timeoutMs: 3000,
      maxBytes: 1 << 20,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { sim, call };
}

describe('Nanoleaf simulator', () => {
  it('refuses a missing or unknown token with 401 and an empty body', async () => {
    const { call } = await controller({ tokens: [TOKEN] });
    for (const path of ['/api/v1/', '/api/v1/nope/', '/api/v1/nope/state']) {
      const res = await call('GET', path);
      expect([res.status, res.body.length]).toEqual([401, 0]);
    }
  });

  it('serves a captured device-info JSON as recorded, with the lab name', async () => {
    const capture = readSharedJson('nanoleaf/device_info/openhab_squares_NL29_6.5.1.json') as Record<string, unknown>;
    const { call } = await controller({ tokens: [TOKEN] }, capture);
    const info = (await call('GET', `/api/v1/${TOKEN}/`)).json() as Record<string, unknown>;
    expect(Object.keys(info)).toEqual(Object.keys(capture));
    expect(info).toEqual({ ...capture, name: 'Hallway Lines' });
    const layout = await call('GET', `/api/v1/${TOKEN}/panelLayout/globalOrientation`);
    expect(layout.json()).toEqual((capture.panelLayout as Record<string, unknown>).globalOrientation);
  });

  it('pairs only while the window is open, and deletes a token on request', async () => {
    const closed = await controller();
    expect((await closed.call('POST', '/api/v1/new')).status).toBe(403);
    const open = await controller({ pairingOpen: true });
    const paired = await open.call('POST', '/api/v1/new');
    expect(paired.status).toBe(200);
    const token = (paired.json() as { auth_token: string }).auth_token;
    expect(token).toMatch(/^[\w-]{32}$/);
    expect((await open.call('GET', `/api/v1/${token}/`)).status).toBe(200);
    expect((await open.call('DELETE', `/api/v1/${token}`)).status).toBe(204);
    expect((await open.call('GET', `/api/v1/${token}/`)).status).toBe(401);
  });

  it('switches on, selects an effect, and later reads return the change; bad bodies are 400', async () => {
    const { call } = await controller({ tokens: [TOKEN] });
    expect((await call('GET', `/api/v1/${TOKEN}/state/on`)).json()).toEqual({ value: false });
    expect((await call('PUT', `/api/v1/${TOKEN}/state`, { on: { value: true } })).status).toBe(204);
    expect((await call('GET', `/api/v1/${TOKEN}/state/on`)).json()).toEqual({ value: true });
    expect((await call('PUT', `/api/v1/${TOKEN}/effects`, { select: 'Nemo' })).status).toBe(204);
    expect((await call('GET', `/api/v1/${TOKEN}/effects/select`)).json()).toBe('Nemo');
    expect((await call('PUT', `/api/v1/${TOKEN}/state`, { nonsense: 1 })).status).toBe(400);
    expect((await call('PUT', `/api/v1/${TOKEN}/identify`)).status).toBe(204);
  });

  it('announces _nanoleafapi._tcp with md, srcvers and id, and answers SSDP as nanoleaf:nl29', async () => {
    const { sim } = await controller();
    const [service] = sim.simulator.mdnsServices();
    expect(service).toMatchObject({ type: '_nanoleafapi._tcp', port: 16021, txt: { md: 'NL29', srcvers: '6.5.1' } });
    expect(sim.simulator.ssdpAnswers()[0]?.st).toBe('nanoleaf:nl29');
  });
});
