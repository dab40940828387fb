import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.ts';
import { parseTargets } from './targets.ts';

function first(n: number, iterable: Iterable<string>): string[] {
  const out: string[] = [];
  for (const value of iterable) {
    if (out.length === n) break;
    out.push(value);
  }
  return out;
}

function refusal(input: string, options = {}): UsageError {
  try {
    parseTargets(input, options);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`${input} was accepted`);
}

describe('parseTargets', () => {
  it('expands a /24 to its 254 hosts, without network and broadcast addresses', () => {
    const set = parseTargets('127.77.1.0/24');
    const hosts = [...set.hosts()];
    expect(set.size).toBe(254);
    expect(hosts).toHaveLength(254);
    expect(hosts[0]).toBe('127.77.1.1');
    expect(hosts.at(-1)).toBe('127.77.1.254');
  });

  it('uses the network of a CIDR whose host bits are set, and keeps both ends of a /31', () => {
    expect(first(2, parseTargets('127.77.1.77/30').hosts())).toEqual(['127.77.1.77', '127.77.1.78']);
    expect([...parseTargets('127.77.1.6/31').hosts()]).toEqual(['127.77.1.6', '127.77.1.7']);
  });

  it('parses single hosts, full ranges and last-octet ranges, merged and deduplicated', () => {
    const set = parseTargets('127.77.1.10-127.77.1.12, 127.77.1.11-13,127.77.1.5,127.77.1.5');
    expect([...set.hosts()]).toEqual(['127.77.1.5', '127.77.1.10', '127.77.1.11', '127.77.1.12', '127.77.1.13']);
    expect(set.size).toBe(5);
  });

  it('accepts a range that crosses an octet boundary and a list given as an array', () => {
    const set = parseTargets(['127.77.1.254-127.77.2.1', '::1']);
    expect([...set.hosts()]).toEqual(['127.77.1.254', '127.77.1.255', '127.77.2.0', '127.77.2.1', '::1']);
  });

  it('answers contains() for the scope only', () => {
    const set = parseTargets('127.77.1.0/24,fe80::1');
    expect(set.contains('127.77.1.9')).toBe(true);
    expect(set.contains('127.77.1.0')).toBe(false);
    expect(set.contains('127.77.2.9')).toBe(false);
    expect(set.contains('::ffff:127.77.1.9')).toBe(true);
    expect(set.contains('FE80:0::1')).toBe(true);
    expect(set.contains('not-an-address')).toBe(false);
  });

  it('expands lazily: a /8 with allowLarge yields its first host without materialising 16 million', () => {
    const set = parseTargets('127.0.0.0/8', { allowLarge: true });
    expect(set.size).toBe(16_777_214);
    expect(first(2, set.hosts())).toEqual(['127.0.0.1', '127.0.0.2']);
  });

  it('refuses networks larger than /16 unless allowLarge, naming the token', () => {
    const error = refusal('127.77.1.5,127.0.0.0/15');
    expect(error.code).toBe('ERR_TARGETS');
    expect(error.message).toContain('"127.0.0.0/15"');
    expect(error.message).toContain('allow-large');
    expect(parseTargets('127.77.0.0/16').size).toBe(65_534);
  });

  it('refuses more than 65,536 addresses in total', () => {
    expect(refusal('127.77.0.0/16,127.78.0.0/16').message).toMatch(/131,068 addresses/);
    expect(parseTargets('127.77.0.0/16,127.78.0.0/16', { allowLarge: true }).size).toBe(131_068);
  });

  it('refuses host names instead of resolving them', () => {
    const error = refusal('127.77.1.1,printer.local');
    expect(error.message).toContain('"printer.local"');
    expect(error.message).toContain('host names are not resolved');
    expect(refusal('localhost').message).toContain('"localhost"');
  });

  it('refuses malformed tokens with a message naming them', () => {
    for (const bad of ['127.77.1', '127.77.1.300', '127.77.1.0/33', '127.77.1.0/x', '127.77.1.9-3', '127.77.1.1-999']) {
      expect(refusal(bad).message).toContain(`"${bad}"`);
    }
    expect(refusal('').message).toContain('no targets');
    expect(refusal('127.77.1.1,,127.77.1.2').message).toContain('empty entry');
  });

  it('refuses multicast, broadcast and "this network", and public space without allowPublic', () => {
    expect(refusal('224.0.0.251').message).toContain('multicast');
    expect(refusal('255.255.255.255').message).toContain('reserved');
    expect(refusal('0.0.0.0').message).toContain('this network');
    expect(refusal('8.8.8.8').message).toContain('never public (internet) addresses');
    expect(refusal('8.8.8.8').message).not.toMatch(/allow-?public/i);
    expect(refusal('10.255.255.250-11.0.0.2').message).toContain('"10.255.255.250-11.0.0.2"');
    expect(parseTargets('198.51.100.7', { allowPublic: true }).size).toBe(1);
    expect(parseTargets('192.168.1.0/24,10.0.0.1,169.254.1.1,100.64.0.1,fd00::1').size).toBe(258);
  });

  it('refuses IPv6 networks and public IPv6 hosts', () => {
    expect(refusal('fe80::/64').message).toContain('IPv6 networks cannot be swept');
    expect(refusal('2001:db8::1').message).toContain('never public (internet) addresses');
    expect(refusal('ff02::fb').message).toContain('multicast');
    expect([...parseTargets('::1/128').hosts()]).toEqual(['::1']);
  });
});
