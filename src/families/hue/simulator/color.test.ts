import { describe, expect, it } from 'vitest';
import { clampToGamut, hueSatToXy, mirekToXy, rgbToXy, xyToHueSat, xyToMirek } from './color.ts';

const GAMUT_C = { red: { x: 0.6915, y: 0.3083 }, green: { x: 0.17, y: 0.7 }, blue: { x: 0.1532, y: 0.0475 } };

describe('Hue colour arithmetic', () => {
  it("puts the wide-gamut primaries where Philips' conversion note puts them", () => {
    expect(rgbToXy(1, 0, 0)).toEqual({ x: 0.7006, y: 0.2993 });
    expect(rgbToXy(0, 1, 0)).toEqual({ x: 0.1724, y: 0.7468 });
    expect(rgbToXy(0, 0, 1)).toEqual({ x: 0.1355, y: 0.0399 });
  });

  it('keeps a colour inside a lamp gamut, moving an outside one to the nearest edge', () => {
    expect(clampToGamut({ x: 0.3, y: 0.3 }, GAMUT_C)).toEqual({ x: 0.3, y: 0.3 });
    expect(hueSatToXy({ hue: 0, sat: 254 }, GAMUT_C)).toEqual(GAMUT_C.red);
    const outside = clampToGamut({ x: 0.1, y: 0.9 }, GAMUT_C);
    expect(outside.y).toBeLessThan(0.9);
  });

  it('follows the Planckian locus for colour temperature (CIE: 2700 K ≈ 0.4599, 0.4106; 6500 K ≈ 0.3135, 0.3237)', () => {
    const warm = mirekToXy(1_000_000 / 2700);
    expect(warm.x).toBeCloseTo(0.4599, 2);
    expect(warm.y).toBeCloseTo(0.4106, 2);
    const cool = mirekToXy(1_000_000 / 6500);
    expect(cool.x).toBeCloseTo(0.3135, 2);
    expect(cool.y).toBeCloseTo(0.3237, 2);
    // McCamy's cubic is good to a mirek or two from 6500 K to 2500 K and drifts by about 1 % at the warm end.
    for (const mirek of [153, 250, 366, 400]) {
      expect(Math.abs(xyToMirek(mirekToXy(mirek), 100, 600) - mirek)).toBeLessThanOrEqual(2);
    }
    for (const mirek of [454, 500]) {
      expect(Math.abs(xyToMirek(mirekToXy(mirek), 100, 600) - mirek) / mirek).toBeLessThan(0.012);
    }
  });

  it('turns hue/sat into xy and back for colours the lamp can show', () => {
    for (const value of [
      { hue: 10_000, sat: 100 },
      { hue: 30_000, sat: 200 },
      { hue: 50_000, sat: 150 },
    ]) {
      const back = xyToHueSat(hueSatToXy(value));
      expect(Math.abs(back.hue - value.hue)).toBeLessThan(400);
      expect(Math.abs(back.sat - value.sat)).toBeLessThan(4);
    }
  });
});
