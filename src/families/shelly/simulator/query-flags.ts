/**
 * Booleans as the Gen1 HTTP API reads them: "Boolean parameters can be given as 1, y, Y, t, T or
 * case-insensitive true for true, any other value will be interpreted as false" (Shelly Gen1 API docs, Common HTTP
 * API, HTTP dialect).
 */
export function gen1Bool(value: string): boolean {
  return value === '1' || value === 'y' || value === 'Y' || value === 't' || value === 'T' || /^true$/i.test(value);
}

/** A finite number, or undefined for text that is not one (`"12"` → 12, `"1e3"` → 1000, `"x"` → undefined). */
export function finiteNumber(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
