import type { IncomingMessage, ServerResponse } from 'node:http';

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
