import { describe, expect, it } from 'vitest';
import { connectionKey, parseConntrackLine } from './conntrack-line.ts';

function entry(line: string) {
  const parsed = parseConntrackLine(line);
  if (!parsed?.ok) throw new Error(`not parsed: ${parsed ? parsed.reason : 'skipped'}`);
  return parsed.entry;
}

describe('conntrack lines', () => {
  it('reads conntrack -L lines with and without accounting', () => {
    const tcp = entry(
      'tcp      6 431982 ESTABLISHED src=192.168.2.100 dst=123.59.27.117 sport=34846 dport=993 src=123.59.27.117 dst=192.168.2.100 sport=993 dport=34846 [ASSURED] mark=0 use=1',
    );
    expect(tcp).toMatchObject({
      protocolName: 'tcp',
      protocol: 6,
      timeoutS: 431982,
      state: 'ESTABLISHED',
      original: { src: '192.168.2.100', dst: '123.59.27.117', sport: 34846, dport: 993 },
      reply: { src: '123.59.27.117', dst: '192.168.2.100', sport: 993, dport: 34846 },
      flags: ['ASSURED'],
      unknown: [],
    });
    const counted = entry(
      'udp      17 20 src=192.168.1.21 dst=192.168.1.1 sport=40544 dport=53 packets=1 bytes=64 src=192.168.1.1 dst=192.168.1.21 sport=53 dport=40544 packets=1 bytes=128 mark=0 use=1 id=3735928559',
    );
    expect(counted.original).toMatchObject({ packets: 1, bytes: 64 });
    expect(counted.reply).toMatchObject({ packets: 1, bytes: 128 });
    expect(connectionKey(counted)).toBe('id:3735928559');
  });

  it("reads OpenWrt's /proc/net/nf_conntrack and ICMP tuples", () => {
    const proc = entry(
      'ipv4     2 udp      17 59 src=192.168.1.10 dst=8.8.8.8 sport=51322 dport=53 packets=1 bytes=76 src=8.8.8.8 dst=203.0.113.2 sport=53 dport=51322 packets=1 bytes=92 mark=0 zone=0 use=2',
    );
    expect(proc).toMatchObject({ family: 'ipv4', zone: '0', reply: { dst: '203.0.113.2' } });
    expect(connectionKey(proc)).toBe('17|0|192.168.1.10|8.8.8.8|51322/53');
    const icmp = entry(
      'ipv4     2 icmp     1 29 src=192.168.1.21 dst=8.8.8.8 type=8 code=0 id=1234 src=8.8.8.8 dst=192.168.1.21 type=0 code=0 id=1234 mark=0 zone=0 use=2 id=77',
    );
    expect(icmp.original.icmp).toEqual({ type: 8, code: 0, id: 1234 });
    expect(icmp.reply?.icmp).toEqual({ type: 0, code: 0, id: 1234 });
    expect(icmp.id).toBe('77');
    const v6 = entry(
      'ipv6     10 tcp      6 7440 ESTABLISHED src=2001:0db8:0000:0000:0000:0000:0000:0031 dst=2001:0db8:0001:0000:0000:0000:0000:007b sport=40000 dport=443 src=2001:0db8:0001:0000:0000:0000:0000:007b dst=2001:0db8:0000:0000:0000:0000:0000:0031 sport=443 dport=40000 [ASSURED] mark=0 zone=0 use=2',
    );
    expect(v6.original.src).toBe('2001:0db8:0000:0000:0000:0000:0000:0031');
  });

  it('tolerates fields and flags of newer kernels and names them', () => {
    const newer = entry(
      'tcp      6 86399 ESTABLISHED src=10.0.0.2 dst=10.0.0.1 sport=5000 dport=80 src=10.0.0.1 dst=10.0.0.2 sport=80 dport=5000 [ASSURED] [HW_OFFLOAD] [FUTURE_FLAG] mark=0 zone=3 use=1 flowtable=ft0 tstamp_ns=17',
    );
    expect(newer.unknown).toEqual(['[FUTURE_FLAG]', 'flowtable', 'tstamp_ns']);
    expect(newer.flags).toContain('HW_OFFLOAD');
  });

  it('refuses lines it cannot read, with a reason', () => {
    expect(parseConntrackLine('tcp 6 100 ESTABLISHED dst=10.0.0.1 sport=1 dport=2')).toEqual({
      ok: false,
      reason: 'no original src=/dst= tuple',
    });
    expect(parseConntrackLine('tcp 6 100 src=10.0.0.2 dst=10.0.0.1')).toMatchObject({
      ok: false,
      reason: 'a tcp entry without sport=/dport=',
    });
    expect(parseConntrackLine('tcp 6 100 src=10.0.0.2 dst=10.0.0.1 sport=99999 dport=1')).toMatchObject({ ok: false });
    expect(parseConntrackLine('tcp 6 100 src=10.0.0.2 dst=10.0.0.1 sport=1 dport=2 {json}')).toMatchObject({
      ok: false,
      reason: 'unexpected token "{json}"',
    });
    expect(parseConntrackLine('hello world')).toMatchObject({ ok: false });
    expect(parseConntrackLine('conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.')).toBeUndefined();
    expect(parseConntrackLine('   ')).toBeUndefined();
  });
});
