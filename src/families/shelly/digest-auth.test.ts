import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { requestHttp } from '../../net/http-client.ts';
import { shellyGen2Kind } from '../shelly-gen2/simulator/kind.ts';
import {
  challengeFromRpcError,
  digestAuthorization,
  ForeignRealmError,
  parseDigestChallenge,
  requestWithDigest,
  shellyAuthObject,
} from './digest-auth.ts';

describe('digest auth client', () => {
  it('matches the SHA-256 example of RFC 7616 §3.9.1', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    expect(challenge).toMatchObject({ realm: 'http-auth@example.org', algorithm: 'SHA-256', qop: 'auth, auth-int' });
    const header = digestAuthorization({
      challenge: challenge!,
      username: 'Mufasa',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    });
    expect(header).toContain('response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"');
    expect(header).toContain('qop=auth, nc=00000001');
    expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
  });

  it('builds the JSON-RPC auth object a real Gen3 accepted (value from matterbridge-shelly tests, checked in Python)', () => {
    const auth = shellyAuthObject({
      realm: 'shelly1minig3-543204547478',
      nonce: 1716556501,
      password: 'tango',
      cnonce: 1234,
    });
    expect(auth).toEqual({
      realm: 'shelly1minig3-543204547478',
      username: 'admin',
      nonce: 1716556501,
      cnonce: 1234,
      response: '3e07b0fe38c419b01b1d79400d89e43bf5247a04631dc250e5275ee98a5e86f6',
      algorithm: 'SHA-256',
    });
  });

  it('reads the challenge from a captured JSON-RPC 401 and ignores Basic challenges', () => {
    const captured = {
      id: 18,
      src: 'shellyplus2pm-485519992590',
      error: {
        code: 401,
        message:
          '{"auth_type": "digest", "nonce": 1725185413, "nc": 1, "realm": "shellyplus2pm-485519992590", "algorithm": "SHA-256"}',
      },
    };
    expect(challengeFromRpcError(captured)).toEqual({
      realm: 'shellyplus2pm-485519992590',
      nonce: '1725185413',
      qop: 'auth',
      algorithm: 'SHA-256',
    });
    expect(parseDigestChallenge('Basic realm="Shelly"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x", nonce="1", algorithm=SHA-512')).toBeUndefined();
  });

  describe('against the Gen2 simulator', () => {
    let started: StartedSimulator | undefined;
    afterEach(async () => {
      await started?.stop();
      started = undefined;
    });

    const options = () => ({
      host: started!.host.address,
      port: started!.portOf(80),
      path: '/rpc/Shelly.GetConfig',
      timeoutMs: 2000,
      maxBytes: 64 * 1024,
    });

    it('gets in with the right password and throws DeviceAuthError with a wrong one', async () => {
      started = await startSimulator(shellyGen2Kind, {
        address: testAddress(),
        settings: { auth: { enabled: true, password: 'correct-horse-42' } },
      });
      const shelly = await requestHttp({ ...options(), path: '/shelly' });
      const realm = (shelly.json() as { id: string }).id;
      const ok = await requestWithDigest(options(), { username: 'admin', password: 'correct-horse-42', realm });
      expect(ok.status).toBe(200);
      await expect(requestWithDigest(options(), { username: 'admin', password: 'nope', realm })).rejects.toMatchObject({
        code: 'ERR_DEVICE_AUTH',
      });
    });
  });

  it('never answers a challenge whose realm is not the device id (it could be cracked offline)', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const impostor = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(401, {
        'www-authenticate': 'Digest qop="auth", realm="attacker-chosen", nonce="1", algorithm=SHA-256',
      });
      res.end();
    });
    const address = testAddress();
    await new Promise<void>((resolve) => impostor.listen(0, address, resolve));
    try {
      const port = (impostor.address() as AddressInfo).port;
      const request = { host: address, port, path: '/rpc', timeoutMs: 2000, maxBytes: 4096 };
      const attempt = requestWithDigest(request, { username: 'admin', password: 'secret', realm: 'shellyplus1-abc' });
      await expect(attempt).rejects.toBeInstanceOf(ForeignRealmError);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.authorization).toBeUndefined();
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });
});
