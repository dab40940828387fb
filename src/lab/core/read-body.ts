import type { IncomingMessage } from 'node:http';

/** What a simulated device accepts as a request body by default: real devices' small HTTP servers refuse more. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * Reads one request body for a simulated device, up to `maxBytes`. Resolves undefined when the body is larger (the
 * connection is dropped, as a device with little RAM does) or when the client breaks off; never rejects, so a
 * hostile client cannot leave a handler with an unhandled rejection. The one body reader every simulator uses.
 */
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
    req.on('close', () => resolve(undefined));
  });
}

/** {@link readBody} as UTF-8 text. */
export async function readBodyText(req: IncomingMessage, maxBytes = MAX_REQUEST_BYTES): Promise<string | undefined> {
  return (await readBody(req, maxBytes))?.toString('utf8');
}
