import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.ts';
import { TOP_1000_TCP_PORTS } from './data/top1000-tcp.ts';
import { namedPortList, parsePortSpec } from './ports.ts';

function refusal(spec: string): UsageError {
  try {
    parsePortSpec(spec);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`${spec} was accepted`);
}

describe('parsePortSpec', () => {
  it('parses lists and ranges into unique ascending ports', () => {
    expect(parsePortSpec('443, 80,8000-8003,80')).toEqual([80, 443, 8000, 8001, 8002, 8003]);
  });

  it('knows the named lists and mixes them with numbers', () => {
    expect(parsePortSpec('all')).toHaveLength(65_535);
    expect(parsePortSpec('all')[0]).toBe(1);
    expect(parsePortSpec('TOP1000')).toHaveLength(1000);
    const mixed = parsePortSpec('top1000,6053,80');
    expect(mixed).toHaveLength(1001);
    expect(mixed).toContain(6053);
  });

  it('has a default list of about 100 home and IoT ports with the ones the audit relies on', () => {
    const defaults = parsePortSpec('default');
    expect(defaults.length).toBeGreaterThanOrEqual(90);
    expect(defaults.length).toBeLessThanOrEqual(120);
    for (const port of [21, 22, 23, 53, 80, 443, 445, 554, 1883, 1900, 5000, 6053, 6379, 8008, 8009, 8080, 8123]) {
      expect(defaults).toContain(port);
    }
    for (const port of [8443, 8883, 9999, 27017, 49152, 62078]) expect(defaults).toContain(port);
    expect(new Set(defaults).size).toBe(defaults.length);
  });

  it('refuses bad entries, naming them', () => {
    expect(refusal('80,0').message).toContain('"0"');
    expect(refusal('65536').message).toContain('"65536"');
    expect(refusal('90-80').message).toContain('ends before it starts');
    expect(refusal('80,http').message).toContain('"http"');
    expect(refusal('80,,443').message).toContain('empty entry');
    expect(refusal('').code).toBe('ERR_PORTS');
    expect(refusal('1-2-3').message).toContain('"1-2-3"');
  });
});

describe('top1000 data', () => {
  it("is nmap's list: 1000 unique ports, most frequent first", () => {
    expect(new Set(TOP_1000_TCP_PORTS).size).toBe(1000);
    // nmap-services 7.93 ranks http, telnet, https, ftp, ssh first.
    expect(TOP_1000_TCP_PORTS.slice(0, 5)).toEqual([80, 23, 443, 21, 22]);
    expect(namedPortList('top1000')).toContain(62078);
    expect(namedPortList('top1000').every((p) => p >= 1 && p <= 65_535)).toBe(true);
  });
});
