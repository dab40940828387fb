import { describe, expect, it } from 'vitest';
import { portCovered, targetCoverage } from './coverage.ts';

describe('targetCoverage', () => {
  it('covers CIDRs, ranges and single hosts the way the scanner parses them', () => {
    const covers = targetCoverage(['127.77.5.0/24', '127.77.6.10-20', '127.77.7.1']);
    expect(covers('127.77.5.77')).toBe(true);
    expect(covers('127.77.6.15')).toBe(true);
    expect(covers('127.77.6.21')).toBe(false);
    expect(covers('127.77.7.1')).toBe(true);
    expect(covers('127.77.7.2')).toBe(false);
  });

  it('falls back to exact matches for targets the parser refuses', () => {
    const covers = targetCoverage(['printer.local', '127.77.7.1']);
    expect(covers('printer.local')).toBe(true);
    expect(covers('127.77.7.1')).toBe(true);
    expect(covers('127.77.7.2')).toBe(false);
  });
});

describe('portCovered', () => {
  it('trusts identical specs, numeric TCP lists and "all"; nothing else', () => {
    expect(portCovered('default', 'default', 'udp', 9999)).toBe(true);
    expect(portCovered('80,443,8000-8100', 'default', 'tcp', 8080)).toBe(true);
    expect(portCovered('80,443,8000-8100', 'default', 'tcp', 22)).toBe(false);
    expect(portCovered('all', 'default', 'tcp', 65000)).toBe(true);
    expect(portCovered('top1000', 'default', 'tcp', 80)).toBe(false);
    expect(portCovered('80', 'default', 'udp', 80)).toBe(false);
  });
});
