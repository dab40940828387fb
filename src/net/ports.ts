import { UsageError } from '../errors/index.ts';
import { DEFAULT_TCP_PORTS } from './data/default-tcp-ports.ts';
import { TOP_1000_TCP_PORTS } from './data/top1000-tcp.ts';

/** Named port lists `--ports` accepts, alone or mixed with numbers: `top1000,62078`. */
export const PORT_LIST_NAMES = ['default', 'top1000', 'all'] as const;
export type PortListName = (typeof PORT_LIST_NAMES)[number];

const MAX_PORT = 65_535;

/** The ports of a named list, ascending. */
export function namedPortList(name: PortListName): number[] {
  switch (name) {
    case 'default':
      return DEFAULT_TCP_PORTS.map(([port]) => port).sort((a, b) => a - b);
    case 'top1000':
      return [...TOP_1000_TCP_PORTS].sort((a, b) => a - b);
    case 'all':
      return Array.from({ length: MAX_PORT }, (_, i) => i + 1);
  }
}

/**
 * Parses `--ports`: `default` (about 100 home and IoT ports), `top1000` (nmap's most frequently open TCP ports),
 * `all` (1-65535), or a comma list of ports, ranges and names such as `80,443,8000-8100,top1000`.
 * Returns unique ports in ascending order; anything else is a UsageError naming the bad entry.
 */
export function parsePortSpec(spec: string): number[] {
  const tokens = spec.split(',').map((t) => t.trim());
  if (tokens.every((t) => t === '')) {
    throw new UsageError('no ports given: use default, top1000, all, or a list like 80,443,8000-8100', {
      code: 'ERR_PORTS',
    });
  }
  const ports = new Set<number>();
  for (const token of tokens) {
    for (const port of parsePortToken(token)) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

function parsePortToken(token: string): number[] {
  const lower = token.toLowerCase();
  if ((PORT_LIST_NAMES as readonly string[]).includes(lower)) return namedPortList(lower as PortListName);
  if (token === '') throw portError(token, 'an empty entry (check for a doubled comma)');
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(token);
  if (range) {
    const from = portNumber(range[1] ?? '', token);
    const to = portNumber(range[2] ?? '', token);
    if (to < from) throw portError(token, 'the range ends before it starts');
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  if (/^\d+$/.test(token)) return [portNumber(token, token)];
  throw portError(token, `not a port, a range (8000-8100) or one of ${PORT_LIST_NAMES.join(', ')}`);
}

function portNumber(text: string, token: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > MAX_PORT) {
    throw portError(token, `${text} is outside 1-${MAX_PORT}`);
  }
  return port;
}

function portError(token: string, why: string): UsageError {
  return new UsageError(`bad port "${token}": ${why}`, { code: 'ERR_PORTS' });
}
