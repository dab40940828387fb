import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

const CHUNK = Buffer.alloc(16 * 1024, 'A');

/** What a 'gigabyte-body' device announces and sends: 1 GiB, generated as it goes, never held in memory. */
export const GIGABYTE = 1024 * 1024 * 1024;

/**
 * Writes `chunk` until `limit` bytes are out or the client goes away, waiting for `drain` so memory stays flat
 * however fast or slow the client reads.
 */
function pump(res: ServerResponse, limit: number, onDone: () => void): void {
  let sent = 0;
  let open = true;
  res.on('close', () => {
    open = false;
  });
  const step = (): void => {
    while (open && sent < limit) {
      const piece = limit - sent >= CHUNK.length ? CHUNK : CHUNK.subarray(0, limit - sent);
      sent += piece.length;
      if (!res.write(piece)) {
        res.once('drain', step);
        return;
      }
    }
    if (open) onDone();
  };
  step();
}

/** Streams without a length until the client goes away (chunked, as fast as the client reads). */
export function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"type":"SHSW-1","junk":"');
  pump(res, Number.POSITIVE_INFINITY, () => undefined);
}

/** A declared and delivered 1 GiB JSON body (`{"junk":"AAAA…"}`), generated chunk by chunk. */
export function gigabyteBody(res: ServerResponse): void {
  const head = '{"type":"SHSW-1","junk":"';
  const tail = '"}';
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': GIGABYTE });
  res.write(head);
  pump(res, GIGABYTE - head.length - tail.length, () => res.end(tail));
}

/** Every this many milliseconds a 'trickle-chunked' device sends one more one-byte chunk. */
export const TRICKLE_INTERVAL_MS = 200;

/**
 * A chunked body that never ends and never goes quiet: one byte every 200 ms. Neither a byte limit nor an idle
 * timeout stops it; only a whole-exchange deadline does.
 */
export function trickleChunked(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"type":"SHSW-1","padding":"');
  const timer = setInterval(() => res.write(' '), TRICKLE_INTERVAL_MS);
  res.on('close', () => clearInterval(timer));
}

/** How much one gzip member of the bomb inflates to, and how many members it sends. */
const BOMB_MEMBER_BYTES = 1024 * 1024;
const BOMB_MEMBERS = 1024;
let bomb: Buffer | undefined;

/**
 * About 1 MB of gzip that inflates to 1 GiB of JSON whitespace. A gzip file may hold several members, each
 * inflating in turn (RFC 1952 §2.2), so one small member repeated 1,024 times makes the bomb without ever
 * compressing (or holding) a gigabyte.
 */
export function gzipBombBody(): Buffer {
  if (!bomb) {
    const member = gzipSync(Buffer.alloc(BOMB_MEMBER_BYTES, 0x20), { level: 9 });
    const head = gzipSync(Buffer.from('{"type":"SHSW-1","mac":"'));
    bomb = Buffer.concat([head, ...Array.from({ length: BOMB_MEMBERS }, () => member)]);
  }
  return bomb;
}

/** `Content-Encoding: gzip` on a body that inflates a thousandfold. */
export function gzipBomb(res: ServerResponse): void {
  const body = gzipBombBody();
  res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
  res.end(body);
}

/** The size of the one header a 'huge-header' device sends: past Node's 16 KiB default, under 64 KiB. */
export const HUGE_HEADER_BYTES = 60 * 1024;

/** An ordinary JSON body behind a single 60 KiB header. */
export function hugeHeader(res: ServerResponse, body: string): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-padding': 'a'.repeat(HUGE_HEADER_BYTES),
  });
  res.end(body);
}
