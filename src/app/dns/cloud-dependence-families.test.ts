import { describe, expect, it } from 'vitest';
import { device, host } from '../../../test/support/hosts.ts';
import { cloudDependence } from './cloud-dependence.ts';

describe('cloud dependence of the issue-15 families', () => {
  it("says a Tuya device needs the vendor's cloud, and why (domains.json)", () => {
    const plug = host({ device: device('tuya', { model: 'keym557nqw3p8xrp', protocols: ['tuya-3.4'] }) });
    const dependence = cloudDependence(plug, []);
    expect(dependence.needsInternet).toBe('yes');
    expect(dependence.summary).toMatch(/^Needs the internet to work/);
    expect(dependence.needsInternetSource).toContain('Tuya cloud');
  });
});
