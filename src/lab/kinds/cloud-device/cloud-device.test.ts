import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { requestHttp } from '../../../net/http-client.ts';
import { type StartedSimulator, startSimulator } from '../../core/start-simulator.ts';
import { cloudDeviceKind } from './cloud-device-kind.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function device(settings: unknown, name = 'living-room-tv'): Promise<{ sim: StartedSimulator; address: string }> {
  const address = testAddress();
  const sim = await startSimulator(cloudDeviceKind, { address, settings, name });
  started.push(sim);
  return { sim, address };
}

function peerCertificate(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.destroy();
      resolve(cert?.subject ?? '');
    });
    socket.on('error', reject);
  });
}

describe('cloud-only devices', () => {
  it('a speaker has one HTTPS port with a self-signed certificate and no local API', async () => {
    const { sim, address } = await device({ profile: 'speaker' }, 'kitchen-speaker');
    expect(sim.host.bindings().map((b) => b.port)).toEqual([8443]);
    const response = await requestHttp({
      host: address,
      port: sim.portOf(8443),
      path: '/setup/eureka_info',
      tls: true,
      timeoutMs: 2000,
      maxBytes: 4096,
    });
    expect(response.status).toBe(403);
    expect(await peerCertificate(address, sim.portOf(8443))).toMatch(/^CN=[0-9a-f]{32}$/);
    expect(sim.simulator.mdnsServices()).toEqual([]);
  });

  it('an Echo opens 4070, 55442 and 55443 and a Nanit monitor 442, each TLS answering 403', async () => {
    const echo = await device({ profile: 'echo' }, 'kitchen-echo');
    expect(
      echo.sim.host
        .bindings()
        .map((b) => b.port)
        .sort(),
    ).toEqual([4070, 55442, 55443]);
    const monitor = await device({ profile: 'baby-monitor' }, 'nursery-monitor');
    expect(monitor.sim.host.bindings().map((b) => b.port)).toEqual([442]);
    const response = await requestHttp({
      host: monitor.address,
      port: monitor.sim.portOf(442),
      path: '/',
      tls: true,
      timeoutMs: 2000,
      maxBytes: 4096,
    });
    expect(response.status).toBe(403);
  });

  it('profile tv is the Cast simulator, kept for older scenarios', async () => {
    const { sim, address } = await device({ profile: 'tv', model: 'Chromecast Ultra' });
    expect(
      sim.host
        .bindings()
        .map((b) => b.port)
        .sort(),
    ).toEqual([8008, 8009, 8443]);
    const info = (
      await requestHttp({
        host: address,
        port: sim.portOf(8008),
        path: '/setup/eureka_info',
        timeoutMs: 2000,
        maxBytes: 4096,
      })
    ).json();
    expect(info).toMatchObject({ name: 'living-room-tv', cast_build_revision: '1.56.500000' });
    expect(await peerCertificate(address, sim.portOf(8009))).toMatch(/^CN=/);
    expect(sim.simulator.mdnsServices()[0]).toMatchObject({
      type: '_googlecast._tcp',
      txt: { md: 'Chromecast Ultra' },
    });
  });

  it('honours a ports override', async () => {
    const { sim } = await device({ profile: 'speaker', ports: [443] });
    expect(sim.host.bindings().map((b) => b.port)).toEqual([443]);
  });
});
