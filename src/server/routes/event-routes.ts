/**
 * Live updates over Server-Sent Events: job states, scan progress, rollout steps, new findings. A client that
 * reconnects sends Last-Event-ID and gets the events it missed (of the last few hundred). A comment every 15 s
 * keeps proxies from closing an idle stream; the stream ends when the server shuts down.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveEvent } from '../../app/jobs/live-events.ts';
import type { ServerEnv } from '../server-env.ts';

const KEEP_ALIVE_MS = 15_000;

const route = createRoute({
  method: 'get',
  path: '/api/events',
  summary: 'Live events (text/event-stream): job, scan-progress, rollout-step, finding, device',
  tags: ['events'],
  request: { headers: z.object({ 'last-event-id': z.string().max(20).optional() }) },
  responses: {
    200: {
      description: 'An event stream; each event is named by its type and carries the event as JSON',
      content: { 'text/event-stream': { schema: z.string() } },
    },
  },
});

function events(c: Context<ServerEnv>): Response {
  const { alwaysOn, closing } = c.var.deps;
  const lastId = Number(c.req.header('last-event-id'));
  return streamSSE(c, async (stream) => {
    const send = (event: LiveEvent) =>
      void stream
        .writeSSE({ id: String(event.seq), event: event.type, data: JSON.stringify(event) })
        .catch(() => undefined);
    const unsubscribe = alwaysOn.events.subscribe(send, Number.isInteger(lastId) ? lastId : undefined);
    let onClosing: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      onClosing = resolve;
      closing.addEventListener('abort', onClosing, { once: true });
    });
    try {
      await stream.write(': connected\n\n');
      while (!stream.aborted && !closing.aborted) {
        const tick = new Promise<void>((resolve) => setTimeout(resolve, KEEP_ALIVE_MS).unref());
        await Promise.race([tick, ended]);
        if (!stream.aborted && !closing.aborted) await stream.write(': keep-alive\n\n');
      }
    } finally {
      unsubscribe();
      // A dashboard reconnects many times over the life of the process: each stream takes its listener with it.
      closing.removeEventListener('abort', onClosing);
    }
  });
}

export function registerEventRoutes(app: OpenAPIHono<ServerEnv>): void {
  // The handler answers a stream, which the JSON-typed handler signature does not describe.
  app.openapi(route, events as never);
}
