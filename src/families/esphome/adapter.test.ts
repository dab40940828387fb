import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { probeContext, probeTargetOf } from '../../../test/support/simulated-probe.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { esphomeAdapter } from './adapter.ts';
import { esphomeKind } from './simulator/kind.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function node(settings: unknown): Promise<{ sim: StartedSimulator; address: string }> {
  const address = testAddress();
  const sim = await startSimulator(esphomeKind, { name: 'Hall Sensor', address, settings, mac: '24:6F:28:10:20:30' });
  cleanups.push(() => sim.stop());
  return { sim, address };
}

describe('esphomeAdapter', () => {
  it('reads a plaintext node over the native API', async () => {
    const { sim, address } = await node({ firmware: '2024.6.1', model: 'esp32-c3-devkitm-1' });
    const target = probeTargetOf(sim, address);
    const identity = await esphomeAdapter.identify(target, probeContext());
    expect(identity).toMatchObject({ family: 'esphome', vendor: 'ESPHome', model: 'esp32-c3-devkitm-1' });
    expect(identity?.evidence.sent).toContain('HelloRequest');
    expect(identity?.evidence.received).toMatch(/^00 /);
    const facts = await esphomeAdapter.inspect(target, identity!, probeContext());
    expect(facts.protocols).toEqual(['esphome-plaintext']);
    expect(facts.firmware.installed).toBe('2024.6.1');
    expect(facts.mac).toBe('24:6F:28:10:20:30');
    expect(facts.name).toBe('Hall Sensor');
    expect(facts.auth.state).toBe('none');
    expect(facts.auth.evidence?.received).toContain('uses_password=false');
  });

  it('reports a password-protected plaintext node as auth required', async () => {
    const { sim, address } = await node({ auth: { enabled: true, password: 'x' } });
    const target = probeTargetOf(sim, address);
    const facts = await esphomeAdapter.inspect(
      target,
      (await esphomeAdapter.identify(target, probeContext()))!,
      probeContext(),
    );
    expect(facts.auth.state).toBe('required');
    expect(facts.limitations.join(' ')).toMatch(/clear text/);
  });

  it('recognises API encryption from the first byte and falls back to mDNS for the rest', async () => {
    const { sim, address } = await node({ encryption: 'noise', firmware: '2025.2.0', model: 'd1_mini' });
    const target = probeTargetOf(sim, address);
    const identity = await esphomeAdapter.identify(target, probeContext());
    expect(identity?.evidence.received).toMatch(/^01 00 13 01/);
    expect(identity?.evidence.received).toContain('Bad indicator byte');
    const facts = await esphomeAdapter.inspect(target, identity!, probeContext());
    expect(facts.protocols).toEqual(['esphome-noise']);
    expect(facts.auth.state).toBe('required');
    expect(facts).toMatchObject({ model: 'd1_mini', mac: '24:6F:28:10:20:30', productName: 'ESP8266 d1_mini' });
    expect(facts.firmware.installed).toBe('2025.2.0');
  });

  it('does not claim another service on port 6053', async () => {
    const address = testAddress();
    const sockets = new Set<Socket>();
    const server: Server = createServer((s) => {
      sockets.add(s);
      s.end('SSH-2.0-OpenSSH_9.2\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    cleanups.push(
      () =>
        new Promise((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    );
    const port = (server.address() as { port: number }).port;
    const target = {
      address,
      openTcpPorts: new Set([6053]),
      connectPort: () => port,
      udp: { answers: {} },
      mdns: [],
    };
    expect(await esphomeAdapter.identify(target, probeContext())).toBeUndefined();
  });
});
