import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/index.ts';
import { bundledCatalogue } from '../firmware/catalogue-load.ts';
import { adviseOn } from './advise.ts';

const catalogue = bundledCatalogue();

describe('advise before you buy', () => {
  it('gives a Shelly relay its local API, update history from the catalogue and vendor trust', () => {
    const advice = adviseOn('shelly/SHSW-1', catalogue);
    expect(advice.vendor).toBe('Shelly');
    const gen1 = advice.families.find((f) => f.family === 'shelly-gen1')!;
    expect(gen1).toMatchObject({ category: 'switch', localAuth: 'optional', localOperation: 'local-only' });
    expect(gen1.releases.map((r) => r.version)).toContain('v1.14.0');
    expect(gen1.medianReleaseGapDays).toBeGreaterThan(0);
    expect(advice.trust.level).toBe('good');
    expect(advice.trust.facts.every((f) => f.source.startsWith('http'))).toBe(true);
  });

  it('warns about a vendor whose published flaw has no fix, and one without local authentication', () => {
    expect(adviseOn('tasmota', catalogue).verdict).toMatch(/^Think twice: .*a published flaw has no fix yet/);
    expect(adviseOn('lifx', catalogue).verdict).toMatch(/anyone on your network can control it/);
  });

  it('says when a vendor is not judged', () => {
    const advice = adviseOn('nanoleaf', catalogue);
    expect(advice.trust.level).toBe('unknown');
    expect(advice.verdict).toContain('vendor trust is not known');
  });

  it('refuses an unknown vendor with a usage error', () => {
    expect(() => adviseOn('acme/toaster', catalogue)).toThrow(UsageError);
    expect(() => adviseOn('', catalogue)).toThrow(/no vendor/);
  });
});
