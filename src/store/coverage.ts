import { parseTargets } from '../net/targets.ts';

/**
 * Which addresses a stored scan looked at, from its target tokens, with the scanner's own parser so "covered" means
 * exactly what was probed. Stored targets that a later, stricter parser rejects fall back to exact-address matches:
 * an old scan must never make the store crash or declare too much gone.
 */
export function targetCoverage(targets: readonly string[]): (address: string) => boolean {
  try {
    const set = parseTargets(targets, { allowLarge: true, allowPublic: true });
    return (address) => set.contains(address);
  } catch {
    const exact = new Set(targets.map((t) => t.trim()));
    return (address) => exact.has(address);
  }
}

/** Ports of a numeric spec (`80,443,8000-8100`, `all`), or undefined for named lists such as `default` or `top1000`. */
function numericPorts(spec: string): ((port: number) => boolean) | undefined {
  const text = spec.trim().toLowerCase();
  if (text === 'all') return () => true;
  const ranges: Array<[number, number]> = [];
  for (const token of text.split(',').map((t) => t.trim())) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(token);
    if (!match) return undefined;
    const start = Number(match[1]);
    ranges.push([start, match[2] === undefined ? start : Number(match[2])]);
  }
  return (port) => ranges.some(([start, end]) => start <= port && port <= end);
}

/**
 * Did a scan with `spec` look at this port, so that its absence means "closed"? The same spec as the baseline always
 * did; a numeric TCP spec did when the port is listed. Otherwise we cannot tell, and report nothing.
 */
export function portCovered(spec: string, baselineSpec: string, transport: 'tcp' | 'udp', port: number): boolean {
  if (spec === baselineSpec) return true;
  return transport === 'tcp' && (numericPorts(spec)?.(port) ?? false);
}
