/**
 * Colour arithmetic a Hue bridge does between its two APIs: v1 speaks `hue`/`sat` (HSV), `xy` (CIE 1931) and `ct`
 * (mired); CLIP v2 speaks only `color.xy` and `color_temperature.mirek`. The RGB↔XYZ matrices and the gamma curve
 * are the ones in Philips' public note "Color conversion formulas RGB to XY and back" (Wide RGB D65); the colour
 * temperature curve is Kim et al. (2002)'s cubic spline of the Planckian locus, and its inverse McCamy (1992).
 */

/** A CIE 1931 chromaticity point. */
export interface Xy {
  x: number;
  y: number;
}

/** A lamp's colour gamut: the triangle of its red, green and blue primaries (v2 `color.gamut`). */
export interface Gamut {
  red: Xy;
  green: Xy;
  blue: Xy;
}

/** v1 `hue` is 0..65535 around the colour wheel, `sat` 0..254. */
export interface HueSat {
  hue: number;
  sat: number;
}

const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;

/** sRGB companding (the note's "gamma correction"). */
function toLinear(v: number): number {
  return v > 0.04045 ? ((v + 0.055) / 1.055) ** 2.4 : v / 12.92;
}

function fromLinear(v: number): number {
  return v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
}

/** RGB (0..1 each) to xy, clamped into `gamut` when one is given. Black maps to the white point. */
export function rgbToXy(r: number, g: number, b: number, gamut?: Gamut): Xy {
  const [lr, lg, lb] = [toLinear(r), toLinear(g), toLinear(b)];
  const X = lr * 0.664511 + lg * 0.154324 + lb * 0.162028;
  const Y = lr * 0.283881 + lg * 0.668433 + lb * 0.047685;
  const Z = lr * 0.000088 + lg * 0.07231 + lb * 0.986039;
  const sum = X + Y + Z;
  const point = sum === 0 ? { x: 0.3127, y: 0.329 } : { x: X / sum, y: Y / sum };
  const inside = gamut ? clampToGamut(point, gamut) : point;
  return { x: round4(inside.x), y: round4(inside.y) };
}

/** xy at full brightness to RGB (0..1 each), the brightest channel at 1. */
export function xyToRgb(point: Xy): [number, number, number] {
  const y = point.y === 0 ? 0.000_001 : point.y;
  const X = point.x / y;
  const Z = (1 - point.x - point.y) / y;
  const linear = [
    X * 1.656492 - 0.354851 - Z * 0.255038,
    -X * 0.707196 + 1.655397 + Z * 0.036152,
    X * 0.051713 - 0.121364 + Z * 1.01153,
  ].map((v) => Math.max(0, v));
  const max = Math.max(...linear, 0.000_001);
  const [r = 0, g = 0, b = 0] = linear.map((v) => Math.min(1, Math.max(0, fromLinear(v / max))));
  return [r, g, b];
}

/** v1 hue/sat to xy: HSV at full value, through RGB. */
export function hueSatToXy(value: HueSat, gamut?: Gamut): Xy {
  const h = ((value.hue / 65_535) * 360) % 360;
  const s = value.sat / 254;
  const c = s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = 1 - c;
  const sector = Math.floor(h / 60);
  const [r, g, b] = [
    [c, x, 0],
    [x, c, 0],
    [0, c, x],
    [0, x, c],
    [x, 0, c],
    [c, 0, x],
  ][sector] ?? [c, x, 0];
  return rgbToXy((r ?? 0) + m, (g ?? 0) + m, (b ?? 0) + m, gamut);
}

/** xy to the v1 hue/sat a bridge reports beside it. */
export function xyToHueSat(point: Xy): HueSat {
  const [r, g, b] = xyToRgb(point);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const delta = max - min;
  let h = 0;
  if (delta > 0) {
    if (max === r) h = 60 * (((g - b) / delta) % 6);
    else if (max === g) h = 60 * ((b - r) / delta + 2);
    else h = 60 * ((r - g) / delta + 4);
  }
  if (h < 0) h += 360;
  const s = max === 0 ? 0 : delta / max;
  return { hue: Math.round((h / 360) * 65_535) % 65_536, sat: Math.round(s * 254) };
}

/** The Planckian locus at `mirek` (1e6 / kelvin), per Kim et al.'s spline (valid 1667 K – 25000 K). */
export function mirekToXy(mirek: number): Xy {
  const t = Math.min(25_000, Math.max(1667, 1_000_000 / mirek));
  const x =
    t <= 4000
      ? -0.2661239e9 / t ** 3 - 0.2343589e6 / t ** 2 + 0.8776956e3 / t + 0.17991
      : -3.0258469e9 / t ** 3 + 2.1070379e6 / t ** 2 + 0.2226347e3 / t + 0.24039;
  let y: number;
  if (t <= 2222) y = -1.1063814 * x ** 3 - 1.3481102 * x ** 2 + 2.18555832 * x - 0.20219683;
  else if (t <= 4000) y = -0.9549476 * x ** 3 - 1.37418593 * x ** 2 + 2.09137015 * x - 0.16748867;
  else y = 3.081758 * x ** 3 - 5.8733867 * x ** 2 + 3.75112997 * x - 0.37001483;
  return { x: round4(x), y: round4(y) };
}

/** The correlated colour temperature of `point` in mirek (McCamy's cubic), kept within `min`..`max`. */
export function xyToMirek(point: Xy, min: number, max: number): number {
  const n = (point.x - 0.332) / (0.1858 - point.y);
  const kelvin = 449 * n ** 3 + 3525 * n ** 2 + 6823.3 * n + 5520.33;
  const mirek = kelvin > 0 ? Math.round(1_000_000 / kelvin) : max;
  return Math.min(max, Math.max(min, mirek));
}

/** `point` if it lies inside the gamut triangle, else the nearest point on the triangle's edges. */
export function clampToGamut(point: Xy, gamut: Gamut): Xy {
  const { red, green, blue } = gamut;
  if (insideTriangle(point, red, green, blue)) return point;
  const candidates = [closestOnSegment(point, red, green), closestOnSegment(point, green, blue)];
  candidates.push(closestOnSegment(point, blue, red));
  let best = candidates[0] as Xy;
  for (const c of candidates) if (distance(point, c) < distance(point, best)) best = c;
  return best;
}

function insideTriangle(p: Xy, a: Xy, b: Xy, c: Xy): boolean {
  const cross = (o: Xy, u: Xy, v: Xy) => (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x);
  const d1 = cross(p, a, b);
  const d2 = cross(p, b, c);
  const d3 = cross(p, c, a);
  const negative = d1 < 0 || d2 < 0 || d3 < 0;
  const positive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(negative && positive);
}

function closestOnSegment(p: Xy, a: Xy, b: Xy): Xy {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
  return { x: a.x + t * dx, y: a.y + t * dy };
}

function distance(a: Xy, b: Xy): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
