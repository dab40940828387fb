import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { tcpExchange } from '../../../net/tcp-exchange.ts';
import { type StartedSimulator, startSimulator } from '../../core/start-simulator.ts';
import { trustedDeviceKind } from './trusted-device-kind.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function device(settings: unknown): Promise<{ sim: StartedSimulator; address: string }> {
  const address = testAddress();
  const sim = await startSimulator(trustedDeviceKind, { address, settings });
  started.push(sim);
  return { sim, address };
}

describe('trusted devices', () => {
  it('a laptop listens on 22 and 445 and greets with an SSH identification line', async () => {
    const { sim, address } = await device({ profile: 'laptop' });
    expect(sim.host.bindings().map((b) => b.port)).toEqual([22, 445]);
    const banner = await tcpExchange({
      host: address,
      port: sim.portOf(22),
      complete: (b) => b.includes('\n'),
      timeoutMs: 1000,
      maxBytes: 256,
    });
    expect(banner.toString()).toBe('SSH-2.0-OpenSSH_9.8\r\n');
  });

  it('a phone only has lockdownd on 62078, which stays quiet and closes on garbage', async () => {
    const { sim, address } = await device({ profile: 'phone' });
    expect(sim.host.bindings().map((b) => b.port)).toEqual([62078]);
    const answer = await tcpExchange({
      host: address,
      port: sim.portOf(62078),
      send: Buffer.from('GET / HTTP/1.0\r\n\r\n'),
      complete: () => false,
      timeoutMs: 1000,
      maxBytes: 256,
    });
    expect(answer.length).toBe(0);
  });

  it('takes a port list and banner override, and rejects a malformed banner', async () => {
    const { sim, address } = await device({ ports: [2222, 22], sshBanner: 'SSH-2.0-dropbear_2022.83' });
    const banner = await tcpExchange({
      host: address,
      port: sim.portOf(22),
      complete: (b) => b.includes('\n'),
      timeoutMs: 1000,
      maxBytes: 256,
    });
    expect(banner.toString()).toBe('SSH-2.0-dropbear_2022.83\r\n');
    expect(sim.host.bindings().map((b) => b.port)).toEqual([2222, 22]);
    await expect(
      startSimulator(trustedDeviceKind, { address: testAddress(), settings: { sshBanner: 'hello\r\nworld' } }),
    ).rejects.toThrow();
  });
});
