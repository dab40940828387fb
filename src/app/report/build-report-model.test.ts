import { describe, expect, it } from 'vitest';
import { sampleHome } from '../../../test/support/sample-home.ts';
import { SEVERITIES } from '../../checks/finding.ts';
import { buildReportModel } from './build-report-model.ts';
import { topActions } from './top-actions.ts';

const SCANNED_AT = '2026-10-20T08:00:00.000Z';

describe('report model', () => {
  const model = buildReportModel(sampleHome(), { scannedAt: new Date(SCANNED_AT) });

  it('runs the catalogue per device, scores it and sorts the worst device first', () => {
    expect(model.scannedAt).toBe(SCANNED_AT);
    expect(model.devices).toHaveLength(6);
    const scores = model.devices.map((device) => device.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const porch = model.devices.find((device) => device.name === 'porch');
    expect(porch?.findings.map((finding) => finding.checkId).sort()).toEqual([
      'auth.no-login',
      'transport.cleartext-admin',
    ]);
    expect(porch?.score).toBe(100 - 20 - 8);
    expect(porch?.id).toBe('aa:bb:cc:00:00:01');
    expect(porch?.skipped.map((entry) => entry.checkId)).toContain('firmware.auto-update-off');
  });

  it('reports the UPnP mapping on the router and names the exposed plug', () => {
    const router = model.devices.find((device) => device.name === 'router');
    const upnp = router?.findings.find((finding) => finding.checkId === 'service.upnp-port-mapping');
    expect(upnp?.severity).toBe('critical');
    expect(upnp?.detail).toContain('127.77.50.20 (<script>');
  });

  it('summarises counts and the home score, which the worst devices dominate', () => {
    const total = model.devices.reduce((sum, device) => sum + device.findings.length, 0);
    const counted = Object.values(model.summary.findings).reduce((sum, count) => sum + count, 0);
    expect(counted).toBe(total);
    expect(model.summary.worstSeverity).toBe('critical');
    const mean = model.devices.reduce((sum, device) => sum + device.score, 0) / model.devices.length;
    expect(model.homeScore).toBeLessThan(mean);
    expect(model.summary.homeScore).toBe(model.homeScore);
  });

  it('groups the top actions per check and family, in plain language', () => {
    const password = model.topActions.find((action) => action.checkId === 'auth.no-login');
    expect(password?.text).toBe('Set a password on 3 Shellys: garage-door, kitchen and porch');
    expect(password?.deviceIds).toHaveLength(3);
    expect(password?.points).toBe(60);
    // Most severe first; within one severity, the fix that wins back most points first.
    const order = model.topActions.map((action) => [SEVERITIES.indexOf(action.severity), -action.points]);
    expect(order).toEqual(
      [...order].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)),
    );
    expect(model.topActions[0]?.severity).toBe('critical');
    expect(model.topActions.some((action) => action.checkId === 'cloud.enabled')).toBe(false);
    expect(topActions(model, 2)).toHaveLength(2);
  });
});
