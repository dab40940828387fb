import type { ServerResponse } from 'node:http';

/** Header lines in the order and letter case a device writes them. */
export type HeaderLines = ReadonlyArray<readonly [string, string | number]>;

/**
 * Writes one reply with exactly the given header lines: names keep their case and order, and Node adds no `Date`
 * (Shelly devices have no `Date` header; see the Gen1 and Gen2 reply helpers for the recorded exchanges).
 */
export function writeReply(res: ServerResponse, status: number, headers: HeaderLines, body: string | Buffer): void {
  res.sendDate = false;
  const flat: string[] = [];
  for (const [name, value] of headers) flat.push(name, String(value));
  res.writeHead(status, flat);
  res.end(body);
}
