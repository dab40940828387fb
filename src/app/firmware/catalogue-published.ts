import { CATALOGUE_ERROR_CODES, CatalogueError } from './catalogue-errors.ts';

/**
 * How far in the future a catalogue's `published` date may start. The date has day resolution and no time zone: a
 * catalogue signed just after midnight in UTC+14 carries a date that starts 14 h ahead of UTC, and a home server's
 * clock may run hours slow (no NTP yet after a power cut, a Raspberry Pi without a clock battery). 24 h covers a
 * full zone lead plus ten hours of slow clock. A date beyond that has not begun anywhere yet, so the signer's clock
 * or the file is wrong; shown as the catalogue's date it would hide how old its facts really are.
 */
export const PUBLISHED_SKEW_ALLOWANCE_MS = 24 * 60 * 60 * 1000;

/** The start (00:00 UTC) of a `YYYY-MM-DD` date, or undefined when it is no real day (`2026-02-30`). */
export function publishedStartMs(published: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(published);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? ms : undefined;
}

/**
 * Refuses a catalogue whose publication date is not a real day, or starts more than PUBLISHED_SKEW_ALLOWANCE_MS
 * after `nowMs`. Runs after the signature check: a valid signature says who made the file, not that its date is true.
 */
export function checkPublishedDate(published: string, nowMs: number, where: string): void {
  const startMs = publishedStartMs(published);
  if (startMs === undefined) {
    throw new CatalogueError(CATALOGUE_ERROR_CODES.format, `${where}: published "${published}" is not a real date`);
  }
  if (startMs > nowMs + PUBLISHED_SKEW_ALLOWANCE_MS) {
    const today = new Date(nowMs).toISOString().slice(0, 10);
    throw new CatalogueError(
      CATALOGUE_ERROR_CODES.future,
      `${where} says it was published on ${published}, but today is ${today} here: a catalogue from the future means a wrong clock or a forged date. Refused; the catalogue in use is unchanged.`,
    );
  }
}
