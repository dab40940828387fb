import { describe, expect, it } from 'vitest';
import type { DnsAnswer } from '../types.ts';
import { DnsmasqAnswerTracker } from './answer-tracker.ts';
import { parseDnsmasqLine, stampToMs } from './line-parser.ts';

/** Lines as Debian's dnsmasq 2.90 wrote them, forwarding to a second dnsmasq with a CNAME (made for this test). */
const EXTRA = `Dec  5 09:42:23 dnsmasq[4616]: 1 127.0.0.1/37025 query[A] api.vendor.example from 127.0.0.1
Dec  5 09:42:23 dnsmasq[4616]: 1 127.0.0.1/37025 forwarded api.vendor.example to 127.77.250.2#5353
Dec  5 09:42:23 dnsmasq[4616]: 1 127.0.0.1/37025 reply api.vendor.example is 198.51.100.10
Dec  5 09:42:23 dnsmasq[4616]: 2 127.0.0.1/48082 query[A] www.vendor.example from 127.0.0.1
Dec  5 09:42:23 dnsmasq[4616]: 2 127.0.0.1/48082 forwarded www.vendor.example to 127.77.250.2#5353
Dec  5 09:42:23 dnsmasq[4616]: 2 127.0.0.1/48082 reply www.vendor.example is <CNAME>
Dec  5 09:42:23 dnsmasq[4616]: 2 127.0.0.1/48082 reply edge.cdn.example is 192.0.2.44
Dec  5 09:42:23 dnsmasq[4616]: 3 127.0.0.1/42389 query[A] api.vendor.example from 127.0.0.1
Dec  5 09:42:23 dnsmasq[4616]: 3 127.0.0.1/42389 cached api.vendor.example is 198.51.100.10
Dec  5 09:42:23 dnsmasq[4616]: 5 192.168.1.9/5000 config ads.example is 0.0.0.0
Dec  5 09:42:23 dnsmasq[4616]: 6 192.168.1.9/5001 reply gone.example is NXDOMAIN`;

const PLAIN = `Dec  5 09:42:25 dnsmasq[4672]: query[A] www.vendor.example from 127.0.0.1
Dec  5 09:42:25 dnsmasq[4672]: forwarded www.vendor.example to 127.77.250.2#5353
Dec  5 09:42:25 dnsmasq[4672]: reply www.vendor.example is <CNAME>
Dec  5 09:42:25 dnsmasq[4672]: reply edge.cdn.example is 192.0.2.44
Dec  5 09:42:25 dnsmasq[4672]: query[AAAA] api.vendor.example from 127.0.0.1
Dec  5 09:42:25 dnsmasq[4672]: cached api.vendor.example is 2001:DB8::10`;

function answersOf(log: string): DnsAnswer[] {
  const tracker = new DnsmasqAnswerTracker();
  const reference = new Date(2026, 11, 5, 12).getTime();
  return log.split('\n').flatMap((text) => {
    const line = parseDnsmasqLine(text);
    if (!line) return [];
    if (line.kind === 'query') {
      tracker.other();
      return [];
    }
    return tracker.answer(line, stampToMs(line.stamp, reference));
  });
}

describe('dnsmasq answers', () => {
  it('ties addresses to the name asked for, through CNAME chains, with the client from log-queries=extra', () => {
    const answers = answersOf(EXTRA).map(({ timeMs: _t, ...a }) => a);
    expect(answers).toEqual([
      { domain: 'api.vendor.example', address: '198.51.100.10', client: '127.0.0.1' },
      { domain: 'edge.cdn.example', address: '192.0.2.44', client: '127.0.0.1' },
      { domain: 'www.vendor.example', address: '192.0.2.44', client: '127.0.0.1' },
      { domain: 'api.vendor.example', address: '198.51.100.10', client: '127.0.0.1' },
    ]);
  });

  it('follows chains in consecutive lines without serials, and keeps IPv6 answers', () => {
    expect(answersOf(PLAIN).map((a) => `${a.domain} ${a.address} ${a.client}`)).toEqual([
      'edge.cdn.example 192.0.2.44 ',
      'www.vendor.example 192.0.2.44 ',
      'api.vendor.example 2001:db8::10 ',
    ]);
  });
});
