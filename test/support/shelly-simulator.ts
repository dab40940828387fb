import type { StartedSimulator } from '../../src/lab/core/start-simulator.ts';
import { type HttpResponse, requestHttp } from '../../src/net/http-client.ts';

/**
 * Helpers for the Shelly simulator tests: plain HTTP against a started simulator's real (maybe shifted) port.
 * Test-only; kept beside the tests that use it.
 */

/** Device JSON as tests walk it: untyped, deep property access. */
// biome-ignore lint/suspicious/noExplicitAny: assertions walk untyped device answers; expect() checks the shapes.
export type DeviceJson = any;

export function httpGet(
  started: StartedSimulator,
  path: string,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return requestHttp({
    host: started.host.address,
    port: started.portOf(80),
    path,
    headers,
    timeoutMs: 2000,
    maxBytes: 256 * 1024,
  });
}

export function httpPost(
  started: StartedSimulator,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return requestHttp({
    host: started.host.address,
    port: started.portOf(80),
    path,
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
    timeoutMs: 2000,
    maxBytes: 256 * 1024,
  });
}

export function basicAuth(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

/** Polls (in real time, briefly) until `check` resolves true; sockets reopening take a few event-loop turns. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** True when the device refuses connections (rebooting). */
export async function unreachable(started: StartedSimulator): Promise<boolean> {
  try {
    await httpGet(started, '/shelly');
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_DEVICE_UNREACHABLE';
  }
}
