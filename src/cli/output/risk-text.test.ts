import { describe, expect, it } from 'vitest';
import type { ReportDevice, ReportModel } from '../../app/report/report-model.ts';
import { buildRiskRegister } from '../../app/risk/register.ts';
import { riskText, topRisksText } from './risk-text.ts';

function model(name: string): ReportModel {
  const device: ReportDevice = {
    id: 'dev_1',
    name,
    family: 'generic',
    addresses: ['127.0.0.9'],
    mac: null,
    vendor: null,
    model: null,
    hwVersion: null,
    firmware: { installed: null, latest: null },
    protocols: [],
    services: [{ port: 554, transport: 'tcp', name: 'rtsp' }],
    score: 60,
    deductions: [],
    findings: [
      {
        checkId: 'auth.default-credentials',
        severity: 'critical',
        title: 't',
        detail: 'd',
        evidence: [],
        remediation: [],
        references: [],
      },
    ],
    skipped: [],
  };
  return {
    scannedAt: '2026-12-05T00:00:00.000Z',
    homeScore: 60,
    devices: [device],
    summary: {
      scannedAt: '2026-12-05T00:00:00.000Z',
      homeScore: 60,
      devices: 1,
      findings: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
      skipped: 0,
      worstSeverity: 'critical',
    },
    topActions: [],
    checks: [],
  };
}

describe('risk text', () => {
  const register = buildRiskRegister(model('bedroom-cam\u001b]0;pwned\u0007\u009b2J'), { nowMs: 0, timeZone: 'UTC' });

  it('never lets a device name reach the terminal raw', () => {
    for (const text of [riskText(register, { width: 160, color: false }), topRisksText(register, 3, false)]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
      expect(text).not.toMatch(/[\u001b\u0007\u009b]/);
      expect(text).toContain('bedroom-cam');
    }
  });

  it('prints the level and the reason of the worst risk first', () => {
    expect(topRisksText(register, 3, false)).toBe(
      '1. CRITICAL bedroom-cam\\x1b]0;pwned\\x07\\u009b2J: Anyone on your Wi-Fi could watch the bedroom: it still takes its factory password.\n',
    );
  });
});
