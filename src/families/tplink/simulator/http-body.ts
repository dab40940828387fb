import type { IncomingMessage, ServerResponse } from 'node:http';

/** Device request bodies are small; anything bigger is refused, as the real device's tiny HTTP server would. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** Reads a request body, or resolves undefined when it exceeds the limit or breaks off. */
export function readBody(req: IncomingMessage, maxBytes = MAX_REQUEST_BYTES): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    req.on('aborted', () => resolve(undefined));
  });
}

/** Sends a complete answer with an explicit length (the devices never use chunked encoding). */
export function send(
  res: ServerResponse,
  status: number,
  body: Buffer | string = '',
  headers: Record<string, string | string[]> = {},
): void {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
  res.end(payload);
}

/** The value of one cookie from the request's Cookie header. */
export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
