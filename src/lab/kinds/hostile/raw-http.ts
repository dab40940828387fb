import type { Socket } from 'node:net';

/** How often a slowloris device sends its next byte. */
export const SLOWLORIS_INTERVAL_MS = 500;

/**
 * Slowloris, turned around: the device answers a status line, then dribbles one byte of header every 500 ms and
 * never ends the header block. A client without a whole-exchange deadline waits forever.
 */
export function slowloris(socket: Socket): void {
  const text = Buffer.from(`HTTP/1.1 200 OK\r\nX-Slow: ${'z'.repeat(64)}\r\n`, 'latin1');
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return;
    socket.write(text.subarray(sent % text.length, (sent % text.length) + 1));
    sent++;
  }, SLOWLORIS_INTERVAL_MS);
  socket.on('close', () => clearInterval(timer));
}

/**
 * Three ways a device gets Content-Length wrong, one per connection in turn: it sends more than it declared, it
 * declares more than it sends and closes, and it sends two different lengths (RFC 9112 §6.3 says reject).
 */
export function wrongContentLength(socket: Socket, connection: number): void {
  const body = JSON.stringify({
    type: 'SHSW-1',
    mac: '020000000000',
    auth: false,
    fw: 'v1.14.0',
    pad: 'x'.repeat(2000),
  });
  const head = (lengths: number[]): string =>
    `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${lengths.map((n) => `Content-Length: ${n}\r\n`).join('')}\r\n`;
  socket.once('data', () => {
    const variant = connection % 3;
    if (variant === 0) socket.end(head([10]) + body);
    else if (variant === 1) socket.end(head([body.length * 50]) + body);
    else socket.end(head([body.length, 5]) + body);
  });
}

/** The device closes its side (FIN) as soon as a client connects, but keeps reading and never closes the rest. */
export function halfOpen(socket: Socket): void {
  socket.end();
}
