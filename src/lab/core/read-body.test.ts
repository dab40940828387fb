import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody, readBodyText } from './read-body.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A one-route server answering with what `readBody` saw: the length, or "none". */
async function serve(maxBytes: number): Promise<number> {
  server = createServer((req, res) => {
    void readBody(req, maxBytes).then((body) => res.end(body === undefined ? 'none' : String(body.length)));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function post(port: number, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    });
    // The simulator drops an oversized body's connection: that is an answer too.
    req.on('error', () => resolve('dropped'));
    req.end(body);
  });
}

describe('readBody', () => {
  it('returns a body within the limit', async () => {
    const port = await serve(1024);
    expect(await post(port, Buffer.alloc(1000, 'a'))).toBe('1000');
  });

  it('refuses a body over the limit without rejecting', async () => {
    const port = await serve(1024);
    expect(['none', 'dropped']).toContain(await post(port, Buffer.alloc(64 * 1024, 'a')));
  });

  it('reads text', async () => {
    server = createServer((req, res) => void readBodyText(req).then((text) => res.end(`got ${text}`)));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    expect(await post((server.address() as AddressInfo).port, Buffer.from('héllo'))).toBe('got héllo');
  });
});
