import { connect } from 'node:tls';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { DeviceTimeoutError, ProtocolError } from '../../../errors/index.ts';
import { huePublicConfigSchema } from '../../../families/hue/schema.ts';
import { requestHttp } from '../../../net/http-client.ts';
import { tcpExchange } from '../../../net/tcp-exchange.ts';
import { type StartedSimulator, startSimulator } from '../../core/start-simulator.ts';
import { CONTROL_TEXT } from './control-text.ts';
import { type HostileSimulator, hostileKind, isHostileSimulator } from './hostile-kind.ts';
import { GIGABYTE, HUGE_HEADER_BYTES } from './http-streams.ts';
import { HOSTILE_BEHAVIORS } from './settings.ts';
import { TRAP_NONCE } from './traps.ts';

/** The behaviours added for issue 8 ("at least 20"), each checked for what it does on the wire. */
const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function hostile(
  behavior: string,
  extra: Record<string, unknown> = {},
  mac?: string,
): Promise<{ sim: StartedSimulator; address: string; trap: HostileSimulator }> {
  const address = testAddress();
  const sim = await startSimulator(hostileKind, {
    address,
    settings: { behavior, ...extra },
    ...(mac ? { mac } : {}),
  });
  started.push(sim);
  if (!isHostileSimulator(sim.simulator)) throw new Error('not a hostile simulator');
  return { sim, address, trap: sim.simulator };
}

const get = (
  address: string,
  port: number,
  path = '/shelly',
  options: Partial<Parameters<typeof requestHttp>[0]> = {},
) => requestHttp({ host: address, port, path, timeoutMs: 1000, maxBytes: 1 << 20, ...options });

/** The raw head of an HTTP answer (status line and headers), read with a plain TCP exchange. */
async function rawHead(address: string, port: number, path = '/shelly'): Promise<string> {
  const bytes = await tcpExchange({
    host: address,
    port,
    send: Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`),
    complete: (got) => got.includes('\r\n\r\n'),
    timeoutMs: 2000,
    maxBytes: 256 * 1024,
    partialOnTimeout: true,
  });
  const text = bytes.toString('latin1');
  return text.slice(0, text.indexOf('\r\n\r\n') + 4);
}

describe('hostile behaviours', () => {
  it('offers at least 20 named behaviours', () => {
    expect(HOSTILE_BEHAVIORS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(HOSTILE_BEHAVIORS).size).toBe(HOSTILE_BEHAVIORS.length);
  });

  it("'slowloris' dribbles header bytes and never ends the head", async () => {
    const { sim, address } = await hostile('slowloris');
    const started = Date.now();
    await expect(get(address, sim.portOf(80), '/shelly', { timeoutMs: 1500 })).rejects.toBeInstanceOf(
      DeviceTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    const head = await tcpExchange({
      host: address,
      port: sim.portOf(80),
      send: Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      complete: () => false,
      timeoutMs: 1300,
      maxBytes: 1024,
      partialOnTimeout: true,
    });
    // One byte every 500 ms: two or three bytes in 1.3 s, the start of a status line.
    expect(head.length).toBeGreaterThan(0);
    expect(head.length).toBeLessThan(5);
    expect('HTTP/1.1'.startsWith(head.toString('latin1'))).toBe(true);
  });

  it("'gigabyte-body' announces 1 GiB and streams it; a client's byte limit cuts it off", async () => {
    const { sim, address } = await hostile('gigabyte-body');
    expect(await rawHead(address, sim.portOf(80))).toContain(`content-length: ${GIGABYTE}`);
    await expect(get(address, sim.portOf(80), '/', { maxBytes: 1 << 20 })).rejects.toThrow(/exceeds/);
  });

  it("'huge-header' sends one 60 KiB header, which a client refuses", async () => {
    const { sim, address } = await hostile('huge-header');
    const head = await rawHead(address, sim.portOf(80));
    expect(head.length).toBeGreaterThan(HUGE_HEADER_BYTES);
    await expect(get(address, sim.portOf(80))).rejects.toBeInstanceOf(ProtocolError);
  });

  it("'invalid-utf8' is a Gen1 Shelly whose name, model and firmware are not UTF-8", async () => {
    const { sim, address } = await hostile('invalid-utf8');
    const response = await get(address, sim.portOf(80));
    expect(response.body.includes(Buffer.from([0xff, 0xfe]))).toBe(true);
    expect(Buffer.from(response.body.toString('utf8'), 'utf8').equals(response.body)).toBe(false);
    const shelly = response.json() as { type: string; name: string };
    expect(shelly.type.startsWith('SHSW-1')).toBe(true);
    expect(shelly.name).toContain('\ufffd');
  });

  it("'control-chars' puts control text in every field, the Server banner, mDNS and SSDP", async () => {
    const { sim, address } = await hostile('control-chars', { ports: [80, 23] });
    const shelly = await get(address, sim.portOf(80));
    expect(shelly.json()).toMatchObject({ name: CONTROL_TEXT, type: `SHSW-1${CONTROL_TEXT}` });
    expect(shelly.headers.server).toContain('\u009b');
    const settings = (await get(address, sim.portOf(80), '/settings')).json() as Record<string, unknown>;
    expect(JSON.stringify(settings).split('\\u001b').length).toBeGreaterThan(10);
    const banner = await tcpExchange({
      host: address,
      port: sim.portOf(23),
      complete: (got) => got.includes('login: '),
      timeoutMs: 1000,
      maxBytes: 4096,
    });
    expect(banner.toString('utf8')).toContain('\u001b]0;');
    expect(sim.simulator.mdnsServices()[0]?.txt.name).toBe(CONTROL_TEXT);
    expect(sim.simulator.ssdpAnswers()[0]?.server).toContain('\u001b[2J');
  });

  it("'redirect-host' and 'redirect-port' send every request elsewhere with a changing 3xx", async () => {
    const other = await hostile('redirect-host', { redirectTo: 'http://127.77.9.9:8080/shelly' });
    const statuses = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const response = await get(other.address, other.sim.portOf(80));
      statuses.add(response.status);
      expect(response.headers.location).toBe('http://127.77.9.9:8080/shelly');
    }
    expect([...statuses].sort()).toEqual([301, 302, 303, 307, 308]);
    const port = await hostile('redirect-port');
    const response = await get(port.address, port.sim.portOf(80));
    expect(response.headers.location).toBe(`http://${port.address}:8081/shelly`);
  });

  it("'credential-trap' looks like a Shelly with login on, refuses /settings and records every Authorization", async () => {
    const { sim, address, trap } = await hostile('credential-trap');
    expect((await get(address, sim.portOf(80))).json()).toMatchObject({ type: 'SHSW-1', auth: true });
    const refused = await get(address, sim.portOf(80), '/settings');
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(trap.received().authorizations).toEqual([]);
    const basic = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;
    expect((await get(address, sim.portOf(80), '/settings', { headers: { authorization: basic } })).status).toBe(401);
    expect(trap.received()).toMatchObject({ requests: 3, authorizations: [basic] });
  });

  it("'mac-clone' claims the MAC it is given and the honest device's name, with login on", async () => {
    const { sim, address } = await hostile('mac-clone', { claimsName: 'garage-door' }, 'E8:DB:84:AA:BB:CC');
    expect((await get(address, sim.portOf(80))).json()).toMatchObject({
      mac: 'E8DB84AABBCC',
      name: 'garage-door',
      auth: true,
    });
    expect((await get(address, sim.portOf(80), '/settings')).status).toBe(401);
  });

  it("'digest-trap' is a Gen2 Shelly whose digest challenge carries a realm and nonce it chose", async () => {
    const { sim, address, trap } = await hostile('digest-trap');
    expect((await get(address, sim.portOf(80))).json()).toMatchObject({ gen: 2, auth_en: true });
    const rpc = await get(address, sim.portOf(80), '/rpc', {
      method: 'POST',
      body: '{"id":1,"method":"Shelly.GetConfig"}',
    });
    expect(rpc.status).toBe(401);
    expect(rpc.headers['www-authenticate']).toContain(`nonce="${TRAP_NONCE}"`);
    expect(trap.received().requestLines).toEqual(['GET /shelly', 'POST /rpc']);
  });

  it("'hue-key-trap' answers /api/config like a bridge and records a key sent in the path", async () => {
    const { sim, address, trap } = await hostile('hue-key-trap');
    expect(huePublicConfigSchema.safeParse((await get(address, sim.portOf(80), '/api/config')).json()).success).toBe(
      true,
    );
    const keyed = await get(address, sim.portOf(80), '/api/0123abcdef/config');
    expect(keyed.json()).toEqual([{ error: { type: 1, address: '/config', description: 'unauthorized user' } }]);
    expect(trap.received().requestLines).toContain('GET /api/0123abcdef/config');
  });

  it("'identity-shift' answers /shelly as a different device on every other request", async () => {
    const { sim, address } = await hostile('identity-shift');
    const first = (await get(address, sim.portOf(80))).json() as { mac: string; type: string };
    const second = (await get(address, sim.portOf(80))).json() as { mac: string; type: string };
    const third = (await get(address, sim.portOf(80))).json() as { mac: string; type: string };
    expect(second.mac).not.toBe(first.mac);
    expect(second.type).not.toBe(first.type);
    expect(third).toEqual(first);
  });

  it("'tls-cert-change' presents a different certificate on each new TLS connection", async () => {
    const { sim, address } = await hostile('tls-cert-change');
    const fingerprint = () =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: address, port: sim.portOf(443), rejectUnauthorized: false }, () => {
          resolve(socket.getPeerCertificate().fingerprint256);
          socket.destroy();
        });
        socket.once('error', reject);
      });
    const [a, b, c] = [await fingerprint(), await fingerprint(), await fingerprint()];
    expect(a).not.toBe(b);
    expect(c).toBe(a);
    const config = await get(address, sim.portOf(443), '/api/config', { tls: true });
    expect(config.json()).toMatchObject({ modelid: 'BSB002' });
  }, 30_000);

  it("'garbage' answers random bytes on every port, the same bytes for the same device", async () => {
    const { sim, address } = await hostile('garbage');
    for (const port of [80, 23, 9999]) {
      const bytes = await tcpExchange({
        host: address,
        port: sim.portOf(port),
        complete: (got) => got.length >= 64,
        timeoutMs: 1000,
        maxBytes: 64 * 1024,
      });
      expect(bytes.length).toBeGreaterThanOrEqual(64);
    }
  });

  it("'half-open' closes its side at once and keeps the connection", async () => {
    const { sim, address } = await hostile('half-open');
    const got = await tcpExchange({
      host: address,
      port: sim.portOf(80),
      send: Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      complete: () => false,
      timeoutMs: 1000,
      maxBytes: 1024,
      partialOnTimeout: true,
    });
    expect(got.length).toBe(0);
    await expect(get(address, sim.portOf(80))).rejects.toBeInstanceOf(ProtocolError);
  });

  it("'trickle-chunked' never ends and never goes quiet: only the whole-exchange deadline stops it", async () => {
    const { sim, address } = await hostile('trickle-chunked');
    const started = Date.now();
    await expect(get(address, sim.portOf(80), '/', { timeoutMs: 800 })).rejects.toBeInstanceOf(DeviceTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("'gzip-bomb' sends about 1 MB that inflates past any sane limit", async () => {
    const { sim, address } = await hostile('gzip-bomb');
    const response = await get(address, sim.portOf(80), '/', { maxBytes: 4 << 20 });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.body.length).toBeLessThan(2 << 20);
    expect(() => gunzipSync(response.body, { maxOutputLength: 64 << 20 })).toThrow(RangeError);
  });

  it("'wrong-content-length' gets the length wrong three ways; none parses as a device answer", async () => {
    const { sim, address } = await hostile('wrong-content-length');
    for (let i = 0; i < 3; i++) {
      const outcome = await get(address, sim.portOf(80)).then(
        (response) => {
          try {
            response.json();
            return 'parsed';
          } catch {
            return 'garbage';
          }
        },
        (error: unknown) =>
          error instanceof ProtocolError || error instanceof DeviceTimeoutError ? 'refused' : 'other',
      );
      expect(outcome === 'garbage' || outcome === 'refused').toBe(true);
    }
  });

  it("'huge-discovery' announces tens of kilobytes over mDNS and SSDP", async () => {
    const { sim } = await hostile('huge-discovery');
    expect(JSON.stringify(sim.simulator.mdnsServices()).length).toBeGreaterThan(30_000);
    expect(JSON.stringify(sim.simulator.ssdpAnswers()).length).toBeGreaterThan(30_000);
  });
});
