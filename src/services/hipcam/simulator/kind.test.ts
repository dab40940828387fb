import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { requestHttp } from '../../../net/http-client.ts';
import { tcpExchange } from '../../../net/tcp-exchange.ts';
import { TcpConversation } from '../../common/tcp-conversation.ts';
import { IAC } from '../../telnet/telnet-codec.ts';
import { hipcamKind } from './kind.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function camera(settings: unknown = {}): Promise<{ sim: StartedSimulator; address: string }> {
  const address = testAddress();
  const sim = await startSimulator(hipcamKind, { address, settings, name: 'nursery-camera' });
  started.push(sim);
  return { sim, address };
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('simulated IP camera: HTTP', () => {
  it('challenges with Basic auth and accepts the factory pair admin/admin', async () => {
    const { sim, address } = await camera();
    const port = sim.portOf(80);
    const denied = await requestHttp({ host: address, port, path: '/', timeoutMs: 2000, maxBytes: 8192 });
    expect(denied.status).toBe(401);
    expect(denied.headers.server).toBe('Hipcam');
    expect(denied.headers['www-authenticate']).toBe('Basic realm="index.html"');
    const page = await requestHttp({
      host: address,
      port,
      path: '/',
      headers: { authorization: basic('admin', 'admin') },
      timeoutMs: 2000,
      maxBytes: 8192,
    });
    expect(page.status).toBe(200);
    expect(page.text()).toContain('<title>IPCAM</title>');
  });

  it('reports model, firmware and MAC through the Hi3510 CGI, and a password change sticks', async () => {
    const { sim, address } = await camera({ firmware: 'V9.1.4.1.20-20170419' });
    const port = sim.portOf(80);
    const cgi = (cmd: string, auth: string): Promise<{ status: number; text(): string }> =>
      requestHttp({
        host: address,
        port,
        path: `/cgi-bin/hi3510/param.cgi?cmd=${cmd}`,
        headers: { authorization: auth },
        timeoutMs: 2000,
        maxBytes: 8192,
      });
    const info = (await cgi('getserverinfo', basic('admin', 'admin'))).text();
    expect(info).toContain('var softVersion="V9.1.4.1.20-20170419";');
    expect((await cgi('getnetattr', basic('admin', 'admin'))).text()).toContain(`var macaddress="${sim.mac}";`);
    expect((await cgi('setuserattr&-usrname=admin&-passwd=n3w-pass', basic('admin', 'admin'))).text()).toContain(
      '[Succeed]',
    );
    expect((await cgi('getserverinfo', basic('admin', 'admin'))).status).toBe(401);
    expect((await cgi('getserverinfo', basic('admin', 'n3w-pass'))).status).toBe(200);
  });

  it('answers without a login when auth is disabled', async () => {
    const { sim, address } = await camera({ auth: { enabled: false } });
    const page = await requestHttp({ host: address, port: sim.portOf(80), path: '/', timeoutMs: 2000, maxBytes: 8192 });
    expect(page.status).toBe(200);
  });
});

describe('simulated IP camera: telnet', () => {
  async function login(
    address: string,
    port: number,
    user: string,
    password: string,
  ): Promise<{ c: TcpConversation; after: string }> {
    const c = await TcpConversation.open({ host: address, port, timeoutMs: 2000, maxBytes: 16384 });
    const banner = await c.readUntil((b) => b.toString('latin1').endsWith('login: '));
    expect(banner[0]).toBe(IAC); // BusyBox telnetd negotiates first
    expect(banner.toString('latin1')).toContain('(none) login: ');
    c.write(`${user}\r\n`);
    await c.readUntil((b) => b.toString().includes('Password: '));
    c.write(`${password}\r\n`);
    const after = (await c.readUntil((b) => /# $|login: $|Login incorrect\r\n$/.test(b.toString()))).toString();
    return { c, after };
  }

  it('logs in with the firmware root password and answers shell commands', async () => {
    const { sim, address } = await camera();
    const { c, after } = await login(address, sim.portOf(23), 'root', 'xmhdipc');
    expect(after).toContain('Welcome to HiLinux.');
    expect(after.endsWith('# ')).toBe(true);
    c.write('id\r\n');
    expect((await c.readUntil((b) => b.toString().endsWith('# '))).toString()).toContain('uid=0(root)');
    c.write('hostname cam1\r\n');
    await c.readUntil((b) => b.toString().endsWith('# '));
    c.write('uname -a\r\n');
    expect((await c.readUntil((b) => b.toString().endsWith('# '))).toString()).toContain('Linux cam1 3.4.35');
    c.write('exit\r\n');
    await c.readUntil(() => false);
    expect(c.ended).toBe(true);
    // The hostname change persists into the next session's prompt.
    const again = await TcpConversation.open({ host: address, port: sim.portOf(23), timeoutMs: 2000, maxBytes: 4096 });
    expect((await again.readUntil((b) => b.toString('latin1').endsWith('login: '))).toString('latin1')).toContain(
      'cam1 login: ',
    );
    again.close();
  });

  it('says "Login incorrect" for a wrong password and hangs up after three tries', async () => {
    const { sim, address } = await camera();
    const port = sim.portOf(23);
    const { c, after } = await login(address, port, 'root', 'admin');
    expect(after).toContain('Login incorrect');
    for (let i = 0; i < 2; i++) {
      c.write('root\r\n');
      await c.readUntil((b) => b.toString().includes('Password: '));
      c.write('nope\r\n');
      await c.readUntil((b) => b.toString().includes('Login incorrect'));
    }
    await c.readUntil(() => false);
    expect(c.ended).toBe(true);
  });

  it('has no telnet port when telnet is disabled', async () => {
    const { sim } = await camera({ telnet: { enabled: false } });
    expect(() => sim.portOf(23)).toThrow();
  });
});

describe('simulated IP camera: RTSP', () => {
  const rtsp = (address: string, port: number, request: string): Promise<Buffer> =>
    tcpExchange({
      host: address,
      port,
      send: Buffer.from(request),
      complete: (b) => {
        const text = b.toString();
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) return false;
        const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? 0);
        return Buffer.byteLength(text) >= end + 4 + length;
      },
      timeoutMs: 2000,
      maxBytes: 16384,
    });

  it('answers OPTIONS and DESCRIBE without auth, with an SDP body', async () => {
    const { sim, address } = await camera();
    const port = sim.portOf(554);
    const options = (
      await rtsp(address, port, `OPTIONS rtsp://${address}:554/11 RTSP/1.0\r\nCSeq: 1\r\n\r\n`)
    ).toString();
    expect(options).toMatch(/^RTSP\/1\.0 200 OK\r\nCSeq: 1\r\n/);
    expect(options).toContain('Public: OPTIONS, DESCRIBE');
    const describe = (
      await rtsp(
        address,
        port,
        `DESCRIBE rtsp://${address}:554/11 RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n`,
      )
    ).toString();
    expect(describe).toMatch(/^RTSP\/1\.0 200 OK\r\nCSeq: 2\r\n/);
    expect(describe).toContain('Content-Type: application/sdp');
    const body = describe.slice(describe.indexOf('\r\n\r\n') + 4);
    expect(body.startsWith('v=0\r\n')).toBe(true);
    expect(body).toContain('a=rtpmap:96 H264/90000');
    expect(Number(/Content-Length: (\d+)/.exec(describe)?.[1])).toBe(Buffer.byteLength(body));
  });

  it('with rtspAuth answers 401 until the web credentials are sent, and 404 for unknown streams', async () => {
    const { sim, address } = await camera({ rtspAuth: true });
    const port = sim.portOf(554);
    const denied = (await rtsp(address, port, `DESCRIBE rtsp://${address}/11 RTSP/1.0\r\nCSeq: 5\r\n\r\n`)).toString();
    expect(denied).toMatch(/^RTSP\/1\.0 401 Unauthorized\r\nCSeq: 5\r\n/);
    expect(denied).toContain('WWW-Authenticate: Basic');
    const allowed = (
      await rtsp(
        address,
        port,
        `DESCRIBE rtsp://${address}/12 RTSP/1.0\r\nCSeq: 6\r\nAuthorization: ${basic('admin', 'admin')}\r\n\r\n`,
      )
    ).toString();
    expect(allowed).toMatch(/^RTSP\/1\.0 200 OK/);
    const missing = (
      await rtsp(
        address,
        port,
        `DESCRIBE rtsp://${address}/99 RTSP/1.0\r\nCSeq: 7\r\nAuthorization: ${basic('admin', 'admin')}\r\n\r\n`,
      )
    ).toString();
    expect(missing).toMatch(/^RTSP\/1\.0 404/);
  });
});
