import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { discoverSmart, readKasaFixture, waitUntil } from '../../../../test/support/kasa.ts';
import { DeviceUnreachableError } from '../../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { udpExchange } from '../../../net/udp-exchange.ts';
import { FakeClock } from '../../../util/clock.ts';
import { KlapClient, klapHandshake1 } from '../../kasa-smart/klap-client.ts';
import { kasaLegacyDiscoveryProbe, parseKasaLegacyDiscovery } from '../../tplink/discovery.ts';
import { completeFrameLength, frameTcp, xorDecrypt } from '../../tplink/xor-cipher.ts';
import { kasaLegacyCall } from '../transport.ts';
import { kasaLegacyKind } from './kind.ts';
import type { SimulatedKasaLegacy } from './simulated-kasa-legacy.ts';

const ctx = { signal: new AbortController().signal, timeoutMs: 2000, maxBytes: 1 << 20 };
const running: StartedSimulator[] = [];

async function start(options: { settings?: unknown; fixture?: unknown; clock?: FakeClock; name?: string } = {}) {
  const address = testAddress();
  const started = await startSimulator(kasaLegacyKind, { address, name: options.name ?? 'desk-lamp', ...options });
  running.push(started);
  // Ports are looked up once: after a switch to KLAP the device no longer has 9999, and a call must be refused.
  // A capture that starts in KLAP mode has no 9999 at all (port 0 is then refused, as it should be).
  const boundOr0 = (transport: 'tcp' | 'udp'): number =>
    started.host.bindings().find((b) => b.port === 9999 && b.transport === transport)?.actual ?? 0;
  const legacyTcp = boundOr0('tcp');
  const legacyUdp = boundOr0('udp');
  const call = (request: Record<string, unknown>) => kasaLegacyCall(address, legacyTcp, request, ctx);
  return { started, address, call, legacyUdp, sim: started.simulator as SimulatedKasaLegacy };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('kasa-iot simulator: legacy protocol', () => {
  it('answers XOR frames with a length prefix, several frames on one connection in order', async () => {
    const { started, address } = await start({ clock: new FakeClock() });
    const socket = connect(started.portOf(9999), address);
    const frames: string[] = [];
    let buffer = Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (let n = completeFrameLength(buffer); n !== undefined; n = completeFrameLength(buffer)) {
          frames.push(xorDecrypt(buffer.subarray(4, n)).toString('utf8'));
          buffer = buffer.subarray(n);
        }
        if (frames.length === 2) resolve();
      });
      socket.write(Buffer.concat([frameTcp('{"system":{"get_sysinfo":{}}}'), frameTcp('{"time":{"get_time":{}}}')]));
    });
    socket.destroy();
    expect(JSON.parse(frames[0] as string).system.get_sysinfo.alias).toBe('desk-lamp');
    // 2026-01-01T00:00Z is 16:00 the day before in the US Pacific zone a stock HS103(US) starts in (index 6).
    expect(JSON.parse(frames[1] as string)).toEqual({
      time: { get_time: { err_code: 0, year: 2025, month: 12, mday: 31, hour: 16, min: 0, sec: 0 } },
    });
  });

  it('reports its own MAC and ids derived from it, in the capture format', async () => {
    const { call, started } = await start({ settings: { model: 'HS110(EU)' } });
    const info = ((await call({ system: { get_sysinfo: {} } })).system as { get_sysinfo: Record<string, unknown> })
      .get_sysinfo;
    expect(info.mac).toBe(started.mac);
    expect(info.model).toBe('HS110(EU)');
    expect(info.sw_ver).toBe('1.2.5 Build 171213 Rel.101523');
    expect(info.deviceId).toMatch(/^[0-9A-F]{40}$/);
    expect(info.deviceId).not.toBe('0'.repeat(40));
  });

  it('replays a capture: unsupported modules and members get the real error shapes, modules answer together', async () => {
    const { call } = await start({ fixture: readKasaFixture('iot', 'HS100(US)_1.0_1.2.5.json') });
    const answer = await call({
      system: { get_sysinfo: {}, get_wifi_magic: {} },
      emeter: { get_realtime: {} },
      'no.such.module': { get: {} },
    });
    expect((answer.system as Record<string, Record<string, unknown>>).get_sysinfo?.model).toBe('HS100(US)');
    expect((answer.system as Record<string, unknown>).get_wifi_magic).toEqual({
      err_code: -2,
      err_msg: 'member not support',
    });
    expect(answer.emeter).toEqual({ err_code: -1, err_msg: 'module not support' });
    expect(answer['no.such.module']).toEqual({ err_code: -1, err_msg: 'module not support' });
  });

  it('keeps writes: relay state and alias show in later reads over TCP and UDP', async () => {
    const { call, address, started } = await start({ fixture: readKasaFixture('iot', 'HS110(US)_1.0_1.2.6.json') });
    expect(await call({ system: { set_relay_state: { state: 0 }, set_dev_alias: { alias: 'heater' } } })).toEqual({
      system: { set_relay_state: { err_code: 0 }, set_dev_alias: { err_code: 0 } },
    });
    const answers = await udpExchange({
      host: address,
      port: started.portOf(9999, 'udp'),
      payload: kasaLegacyDiscoveryProbe(),
      timeoutMs: 1000,
      maxBytes: 65535,
      maxAnswers: 1,
    });
    const parsed = parseKasaLegacyDiscovery((answers[0] as { data: Buffer }).data);
    const info = (parsed?.system as { get_sysinfo: Record<string, unknown> } | undefined)?.get_sysinfo;
    expect(info).toMatchObject({ relay_state: 0, alias: 'heater', model: 'HS110(US)' });
  });

  it('switches a strip socket through context.child_ids', async () => {
    const { call } = await start({ fixture: readKasaFixture('iot', 'HS300(US)_1.0_1.0.10.json') });
    const before = (
      (await call({ system: { get_sysinfo: {} } })).system as {
        get_sysinfo: { children: Array<{ id: string; state: number }> };
      }
    ).get_sysinfo.children;
    const target = before[2] as { id: string; state: number };
    await call({ context: { child_ids: [target.id] }, system: { set_relay_state: { state: target.state ? 0 : 1 } } });
    const after = (
      (await call({ system: { get_sysinfo: {} } })).system as {
        get_sysinfo: { children: Array<{ id: string; state: number }> };
      }
    ).get_sysinfo.children;
    expect(after[2]?.state).toBe(target.state ? 0 : 1);
    expect(after[1]?.state).toBe(before[1]?.state);
  });

  it('reports and changes the cloud binding', async () => {
    const { call } = await start({ settings: { cloud: true } });
    const info = async () =>
      ((await call({ cnCloud: { get_info: {} } })).cnCloud as { get_info: Record<string, unknown> }).get_info;
    expect(await info()).toMatchObject({ binded: 1, cld_connection: 1, server: 'n-devs.tplinkcloud.com' });
    await call({ cnCloud: { unbind: {} } });
    expect(await info()).toMatchObject({ binded: 0, cld_connection: 0, username: '' });
    await call({ cnCloud: { bind: { username: 'someone@example.com', password: 'x' } } });
    expect(await info()).toMatchObject({ binded: 1, username: 'someone@example.com' });
  });
});

describe('kasa-iot simulator: KLAP-era capture', () => {
  it('a capture whose discovery_result says KLAP starts on HTTP 80 and UDP 20002, without 9999', async () => {
    // python-kasa's HS100(UK) 4.1 capture has this shape; here a shared capture gets such a discovery_result.
    const fixture = {
      ...readKasaFixture('iot', 'HS100(US)_1.0_1.2.5.json'),
      discovery_result: {
        error_code: 0,
        result: {
          device_id: '0'.repeat(32),
          device_model: 'HS100(US)',
          device_type: 'IOT.SMARTPLUGSWITCH',
          hw_ver: '1.0',
          ip: '127.0.0.123',
          mac: '00-00-00-00-00-00',
          mgt_encrypt_schm: { encrypt_type: 'KLAP', http_port: 80, is_support_https: false },
          owner: '0'.repeat(32),
        },
      },
    };
    const { started, address, sim } = await start({ fixture });
    expect(sim.speaksKlap).toBe(true);
    expect(started.host.bindings().map((b) => `${b.transport}/${b.port}`)).toEqual(['tcp/80', 'udp/20002']);
    const client = await KlapClient.connect(address, started.portOf(80), 1, { username: '', password: '' }, ctx);
    expect(await client.request({ system: { get_sysinfo: {} } })).toHaveProperty(
      'system.get_sysinfo.model',
      'HS100(US)',
    );
  });
});

describe('kasa-iot simulator: settings and reboot', () => {
  it('accepts {} and rejects unknown or malformed settings', () => {
    expect(kasaLegacyKind.settings.parse({})).toEqual({});
    expect(() => kasaLegacyKind.settings.parse({ modle: 'HS100(UK)' })).toThrow();
    expect(() => kasaLegacyKind.settings.parse({ update: { version: '1.1.0', outcome: 'explode' } })).toThrow();
  });

  it('system.reboot makes it unreachable until it has booted', async () => {
    const clock = new FakeClock();
    const { call, sim } = await start({ clock });
    expect(await call({ system: { reboot: { delay: 1 } } })).toEqual({ system: { reboot: { err_code: 0 } } });
    await waitUntil(() => clock.pendingSleepers > 0);
    await expect(call({ system: { get_sysinfo: {} } })).rejects.toBeInstanceOf(DeviceUnreachableError);
    await clock.advance(6000);
    await sim.settled();
    expect(await call({ system: { get_sysinfo: {} } })).toHaveProperty('system.get_sysinfo.alias', 'desk-lamp');
  });
});

describe('kasa-iot simulator: firmware update', () => {
  const update = (outcome: string) => ({
    model: 'HS100(UK)',
    hwVersion: '4.1',
    firmware: '1.0.12 Build 190528 Rel.154535',
    update: { version: '1.1.0 Build 201016 Rel.175121', durationMs: 2000, outcome },
  });

  async function flashOverApi(call: (r: Record<string, unknown>) => Promise<Record<string, unknown>>) {
    const list = (await call({ cnCloud: { get_intl_fw_list: {} } })).cnCloud as {
      get_intl_fw_list: { fw_list: Array<{ fwUrl: string; fwVer: string }> };
    };
    const offered = list.get_intl_fw_list.fw_list[0];
    expect(offered?.fwVer).toBe('1.1.0 Build 201016 Rel.175121');
    expect(await call({ system: { download_firmware: { url: offered?.fwUrl } } })).toEqual({
      system: { download_firmware: { err_code: 0 } },
    });
    expect(await call({ system: { get_download_state: {} } })).toMatchObject({
      system: { get_download_state: { ratio: 100 } },
    });
    expect(await call({ system: { flash_firmware: {} } })).toEqual({ system: { flash_firmware: { err_code: 0 } } });
  }

  it('ok: unreachable while flashing, then back on the new version with nothing more offered', async () => {
    const clock = new FakeClock();
    const { call, sim } = await start({ settings: update('ok'), clock });
    await flashOverApi(call);
    await waitUntil(() => clock.pendingSleepers > 0);
    await expect(call({ system: { get_sysinfo: {} } })).rejects.toBeInstanceOf(DeviceUnreachableError);
    await clock.advance(2000);
    await sim.settled();
    const info = (await call({ system: { get_sysinfo: {} } })).system as { get_sysinfo: Record<string, unknown> };
    expect(info.get_sysinfo.sw_ver).toBe('1.1.0 Build 201016 Rel.175121');
    expect(await call({ cnCloud: { get_intl_fw_list: {} } })).toMatchObject({
      cnCloud: { get_intl_fw_list: { fw_list: [] } },
    });
  });

  it('fail-midway: comes back on the old version', async () => {
    const clock = new FakeClock();
    const { call, sim } = await start({ settings: update('fail-midway'), clock });
    const done = sim.installUpdate();
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(2000);
    expect(await done).toBe(true);
    const info = (await call({ system: { get_sysinfo: {} } })).system as { get_sysinfo: Record<string, unknown> };
    expect(info.get_sysinfo.sw_ver).toBe('1.0.12 Build 190528 Rel.154535');
  });

  it('never-returns: stays unreachable', async () => {
    const clock = new FakeClock();
    const { call, sim } = await start({ settings: update('never-returns'), clock });
    const done = sim.installUpdate();
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(60_000);
    await done;
    await expect(call({ system: { get_sysinfo: {} } })).rejects.toBeInstanceOf(DeviceUnreachableError);
  });

  it('switch-to-klap: 9999 refused afterwards, KLAP on port 80 answers handshake1 and the same API', async () => {
    const clock = new FakeClock();
    const {
      call,
      sim,
      started,
      address,
      legacyUdp: legacyUdpPort,
    } = await start({ settings: update('switch-to-klap'), clock });
    await flashOverApi(call);
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(2000);
    await sim.settled();
    await expect(call({ system: { get_sysinfo: {} } })).rejects.toBeInstanceOf(DeviceUnreachableError);
    const port = started.portOf(80);
    const first = await klapHandshake1(address, port, ctx);
    expect(first.remoteSeed).toHaveLength(16);
    expect(first.cookie).toMatch(/^TP_SESSIONID=[0-9A-F]{32}$/);
    // Never bound: the device's hash is made from blank credentials (python-kasa klaptransport docstring).
    const client = await KlapClient.connect(address, port, 1, { username: '', password: '' }, ctx, first);
    const answer = (await client.request({ system: { get_sysinfo: {} } })) as {
      system: { get_sysinfo: Record<string, unknown> };
    };
    expect(answer.system.get_sysinfo.sw_ver).toBe('1.1.0 Build 201016 Rel.175121');
    expect(answer.system.get_sysinfo.hw_ver).toBe('4.1');
    const legacyUdp = await udpExchange({
      host: address,
      port: legacyUdpPort,
      payload: kasaLegacyDiscoveryProbe(),
      timeoutMs: 300,
      maxBytes: 65535,
    });
    expect(legacyUdp).toEqual([]);
    const discovery = await discoverSmart(address, started.portOf(20002, 'udp'));
    expect(discovery?.result).toMatchObject({
      device_model: 'HS100(UK)',
      device_type: 'IOT.SMARTPLUGSWITCH',
      mgt_encrypt_schm: { encrypt_type: 'KLAP', http_port: 80 },
      mac: started.mac.replace(/:/g, '-'),
    });
  });
});
