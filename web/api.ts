/**
 * The dashboard's one way to the API: same-origin fetch with the session cookie, the CSRF token on every change
 * (the server also checks Origin, which the browser sets), and errors as `ApiError` with the server's stable code
 * and message, so every page can say what went wrong and what to do.
 */

/** An answer the API refused, or a network failure (`code` ERR_NETWORK). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

let csrfToken: string | undefined;

/** Remembers the session's CSRF token (from /api/session, login or setup). */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? undefined;
}

interface Envelope<T> {
  status: 'ok' | 'error';
  data?: T;
  error?: { code: string; message: string };
}

/** Calls the API and returns `data`; throws ApiError otherwise. A 401 means the session ended: back to login. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError('ERR_NETWORK', 'The iotwarden server did not answer. Is `iotwarden serve` running?', 0);
  }
  const answer = (await response.json().catch(() => undefined)) as Envelope<T> | undefined;
  if (!response.ok || answer?.status !== 'ok') {
    const error = answer?.error ?? {
      code: `HTTP_${response.status}`,
      message: `The server answered ${response.status}.`,
    };
    if (response.status === 401 && !path.startsWith('/api/login') && !path.startsWith('/api/setup')) {
      sessionEnded();
    }
    throw new ApiError(error.code, error.message, response.status);
  }
  return answer.data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** Builds a query string from the defined values only. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

function sessionEnded(): void {
  if (location.pathname !== '/login') location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
}
