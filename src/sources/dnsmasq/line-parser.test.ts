import { describe, expect, it } from 'vitest';
import { parseDnsmasqLine, stampToMs } from './line-parser.ts';

describe('dnsmasq log lines', () => {
  it('reads queries in the log-facility, log-queries=extra and rsyslog RFC 3339 forms', () => {
    expect(parseDnsmasqLine('Nov 26 03:09:37 dnsmasq[16564]: query[AAAA] Example.COM. from 192.168.1.20')).toEqual({
      kind: 'query',
      stamp: { month: 10, day: 26, hour: 3, minute: 9, second: 37 },
      type: 'AAAA',
      name: 'example.com',
      client: '192.168.1.20',
    });
    expect(
      parseDnsmasqLine('Jan  5 12:00:01 dnsmasq[9]: 17 192.168.1.20/40123 query[A] a.example from 192.168.1.20'),
    ).toMatchObject({ kind: 'query', type: 'A', name: 'a.example', stamp: { month: 0, day: 5 } });
    expect(
      parseDnsmasqLine('2025-11-26T03:09:37.123456+01:00 router dnsmasq[1]: query[type=65] b.example from fe80::1'),
    ).toEqual({
      kind: 'query',
      stamp: { ms: Date.UTC(2025, 10, 26, 2, 9, 37, 123) },
      type: 'TYPE65',
      name: 'b.example',
      client: 'fe80::1',
    });
    // dnsmasq 2.90 logs some types it cannot name without the brackets.
    expect(parseDnsmasqLine('Nov 26 03:09:37 dnsmasq[1]: query c.example from 10.0.0.2')).toMatchObject({
      type: 'OTHER',
    });
  });

  it('tells blocks from answers', () => {
    const answer = (text: string) => parseDnsmasqLine(`Nov 26 03:09:37 dnsmasq[1]: ${text}`);
    expect(answer('config ads.example is 0.0.0.0')).toMatchObject({
      kind: 'answer',
      name: 'ads.example',
      status: 'blocked',
    });
    expect(answer('config nx.example is NXDOMAIN')).toMatchObject({ status: 'blocked' });
    expect(answer('config nas.lan is 192.168.1.5')).toMatchObject({ status: 'allowed' });
    expect(answer('gravity blocked tracker.example is 0.0.0.0')).toMatchObject({ status: 'blocked' });
    expect(answer('forwarded a.example to 9.9.9.9')).toMatchObject({ status: 'allowed' });
    expect(answer('reply a.example is 93.184.215.14')).toMatchObject({ status: 'allowed' });
    expect(answer('/etc/hosts nas.lan is 192.168.1.5')).toMatchObject({ status: 'allowed' });
    expect(answer('started, version 2.90 cachesize 150')).toBeUndefined();
    expect(parseDnsmasqLine('Nov 26 03:09:37 sshd[1]: query[A] x from y')).toBeUndefined();
  });

  it('takes the year from the file time, or the year before for dates after it', () => {
    const reference = new Date(2026, 0, 1, 0, 5).getTime();
    const stamp = (month: number, day: number) => ({ month, day, hour: 12, minute: 0, second: 0 });
    expect(new Date(stampToMs(stamp(11, 31), reference)).getFullYear()).toBe(2025);
    expect(new Date(stampToMs(stamp(0, 1), reference)).getFullYear()).toBe(2026);
  });
});
