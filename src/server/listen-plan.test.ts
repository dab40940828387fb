import { describe, expect, it } from 'vitest';
import { allowedOrigins } from './allowed-origins.ts';
import { isLoopback, parseListen, planTransport } from './listen-plan.ts';

/** The listening rules, decided before any socket is bound: no test here binds a non-loopback address. */
describe('listen plan', () => {
  it('parses ADDR:PORT and [IPv6]:PORT, and refuses names and nonsense', () => {
    expect(parseListen('127.0.0.1:8642')).toEqual({ host: '127.0.0.1', port: 8642 });
    expect(parseListen('[::1]:8642')).toEqual({ host: '::1', port: 8642 });
    expect(parseListen('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    for (const bad of ['localhost:8642', '127.0.0.1', '127.0.0.1:99999', '::1:8642', '300.1.1.1:80', 'http://x']) {
      expect(() => parseListen(bad), bad).toThrow(expect.objectContaining({ code: 'ERR_LISTEN' }));
    }
  });

  it('knows loopback from everything else', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', '::ffff:192.168.1.5', 'fe80::1'].some(isLoopback)).toBe(false);
  });

  it('serves loopback over plain HTTP, with no warning', () => {
    expect(planTransport({ host: '127.0.0.1', port: 8642 }, {})).toEqual({ kind: 'http', warning: undefined });
  });

  it('never serves plain HTTP beyond loopback unless told to, and then warns', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.5']) {
      expect(planTransport({ host, port: 8642 }, {})).toEqual({ kind: 'https', source: 'self-signed' });
      const insecure = planTransport({ host, port: 8642 }, { insecureHttp: true });
      expect(insecure.kind).toBe('http');
      expect(insecure.kind === 'http' && insecure.warning).toMatch(/^WARNING: serving plain HTTP on /);
    }
  });

  it('uses the owner’s certificate when given both files, and refuses half a pair or a contradiction', () => {
    expect(planTransport({ host: '0.0.0.0', port: 443 }, { tlsCert: 'c.pem', tlsKey: 'k.pem' })).toEqual({
      kind: 'https',
      source: 'given',
      certFile: 'c.pem',
      keyFile: 'k.pem',
    });
    expect(() => planTransport({ host: '0.0.0.0', port: 443 }, { tlsCert: 'c.pem' })).toThrow(/go together/);
    expect(() => planTransport({ host: '127.0.0.1', port: 443 }, { tlsKey: 'k.pem' })).toThrow(/go together/);
    expect(() =>
      planTransport({ host: '0.0.0.0', port: 443 }, { tlsCert: 'c.pem', tlsKey: 'k.pem', insecureHttp: true }),
    ).toThrow(/contradicts/);
  });

  it('answers a loopback listener as 127.0.0.1, localhost and ::1, plus the origins given', () => {
    const origins = allowedOrigins({ host: '127.0.0.1', port: 8642 }, 'http', ['https://iotwarden.home:8443/']);
    expect([...origins].sort()).toEqual([
      'http://127.0.0.1:8642',
      'http://[::1]:8642',
      'http://localhost:8642',
      'https://iotwarden.home:8443',
    ]);
    expect([...allowedOrigins({ host: '127.0.0.1', port: 80 }, 'http', [])]).toContain('http://127.0.0.1');
    expect(() => allowedOrigins({ host: '127.0.0.1', port: 1 }, 'http', ['ftp://x'])).toThrow(/only http/);
  });
});
