import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from './finding.ts';
import { SEVERITY_POINTS, scoreDevice, scoreHome } from './score.ts';

function finding(checkId: string, severity: Severity, subject?: string): Finding {
  return {
    checkId,
    severity,
    title: checkId,
    detail: '',
    evidence: [],
    remediation: [],
    references: [],
    ...(subject ? { subject } : {}),
  };
}

describe('device score', () => {
  it('starts at 100 and lists one deduction per finding by severity', () => {
    const result = scoreDevice([finding('auth.no-login', 'high'), finding('firmware.update-available', 'medium')]);
    expect(result.score).toBe(100 - SEVERITY_POINTS.high - SEVERITY_POINTS.medium);
    expect(result.deductions).toEqual([
      { checkId: 'auth.no-login', points: 20, reason: 'high: auth.no-login' },
      { checkId: 'firmware.update-available', points: 8, reason: 'medium: firmware.update-available' },
    ]);
  });

  it('halves each repeat of the same check, most severe first', () => {
    const result = scoreDevice([
      finding('service.telnet', 'high', 'telnet 23/tcp'),
      finding('service.telnet', 'critical', 'telnet 2323/tcp'),
      finding('service.telnet', 'high', 'x'),
    ]);
    expect(result.deductions.map((deduction) => deduction.points)).toEqual([40, 10, 5]);
    expect(result.deductions[1]?.reason).toContain('repeat 2 of this check counts 1/2');
    expect(result.score).toBe(45);
  });

  it('deducts nothing for info findings and never goes below 0', () => {
    expect(scoreDevice([finding('cloud.enabled', 'info')])).toEqual({ score: 100, deductions: [] });
    const many = ['a', 'b', 'c', 'd'].map((id) => finding(`x.${id}`, 'critical'));
    expect(scoreDevice(many).score).toBe(0);
  });
});

describe('home score', () => {
  it('lets the worst device dominate', () => {
    expect(scoreHome([100, 100, 100, 20])).toBe(24);
    expect(scoreHome([60, 60])).toBe(60);
    expect(scoreHome([100, 90])).toBeLessThan(95);
    expect(scoreHome([])).toBe(100);
  });
});
