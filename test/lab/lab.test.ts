import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IotwardenError } from '../../src/errors/index.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { requestHttp } from '../../src/net/http-client.ts';
import { testAddress } from '../support/addresses.ts';

const isRoot = process.getuid?.() === 0;
const running: RunningLab[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((lab) => lab.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function twoShellys() {
  const a = testAddress();
  const b = testAddress();
  const scenario = buildScenario(
    {
      devices: [
        { name: 'garage-door', kind: 'shelly-gen1', address: a },
        { name: 'porch-light', kind: 'shelly-gen2', address: b, cloud: true },
      ],
    },
    { file: '<test>', baseDir: process.cwd() },
  );
  return { a, b, scenario };
}

async function shellyInfo(address: string, port: number): Promise<Record<string, unknown>> {
  const response = await requestHttp({ host: address, port, path: '/shelly', timeoutMs: 2000, maxBytes: 65536 });
  return response.json() as Record<string, unknown>;
}

describe('the lab', () => {
  it('serves each device on its own address and real port, with unique MACs', async () => {
    const { a, b, scenario } = twoShellys();
    const lab = await startLab(scenario, { portMode: 'auto' });
    running.push(lab);
    expect(lab.devices.map((d) => [d.name, d.address])).toEqual([
      ['garage-door', a],
      ['porch-light', b],
    ]);
    // As root the real port is bound; otherwise the lab shifted it (the CLI test covers the unprivileged run).
    const http = isRoot ? 80 : 10080;
    expect(lab.device('garage-door').ports).toContainEqual({ port: 80, actual: http, transport: 'tcp' });
    const gen1 = await shellyInfo(a, http);
    const gen2 = await shellyInfo(b, http);
    expect(gen1.type).toBe('SHSW-1');
    expect(gen2.gen).toBe(2);
    expect(gen1.mac).not.toEqual(gen2.mac);
  });

  it('shifts ports below 1024 by 10000 when told to, and reports both numbers', async () => {
    const { a, scenario } = twoShellys();
    const lab = await startLab(scenario, { portMode: 'shift' });
    running.push(lab);
    expect(lab.device('garage-door').ports).toContainEqual({ port: 80, actual: 10080, transport: 'tcp' });
    expect((await shellyInfo(a, 10080)).type).toBe('SHSW-1');
  });

  it('releases every port on stop, so the same scenario starts again', async () => {
    const { scenario } = twoShellys();
    const first = await startLab(scenario, { portMode: 'never' });
    await first.stop();
    const second = await startLab(scenario, { portMode: 'never' });
    running.push(second);
    expect(second.devices).toHaveLength(2);
  });

  it.runIf(isRoot)('fails with a clear error when a port is already in use, and leaves nothing bound', async () => {
    const { a, b, scenario } = twoShellys();
    const squatter = createServer();
    servers.push(squatter);
    await new Promise<void>((resolve) => squatter.listen(80, b, resolve));
    const error = await startLab(scenario, { portMode: 'never' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IotwardenError);
    expect((error as IotwardenError).code).toBe('ERR_LAB_BIND');
    expect((error as Error).message).toBe(`lab device "porch-light" cannot bind tcp ${b}:80: port already in use`);
    // The device that did start was stopped again: its port is free.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(80, a, resolve);
    });
    await new Promise((r) => probe.close(r));
  });
});
