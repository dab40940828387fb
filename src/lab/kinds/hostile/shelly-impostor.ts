import type { ServerResponse } from 'node:http';
import { evilShelly } from './evil-shelly.ts';

/** The three Gen1 pages of a Shelly impostor (see evil-shelly.ts). */
export type ShellyPages = ReturnType<typeof evilShelly>;

/** `/shelly`, `/settings` or `/status` of an impostor Shelly, or undefined for any other path. */
export function shellyPage(pages: ShellyPages, path: string): object | undefined {
  if (path === '/shelly') return pages.shelly;
  if (path === '/settings') return pages.settings;
  return path === '/status' ? pages.status : undefined;
}

/** A JSON body as the Gen1 web server (Mongoose) sends it. */
export function sendJsonText(res: ServerResponse, text: string | Buffer, server = 'Mongoose/6.18'): void {
  res.writeHead(200, { 'content-type': 'application/json', server });
  res.end(text);
}

export function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not Found');
}

/** A Gen1 page, or 404. */
export function servePage(res: ServerResponse, pages: ShellyPages, path: string): void {
  const page = shellyPage(pages, path);
  if (page) sendJsonText(res, JSON.stringify(page));
  else notFound(res);
}

/** Gen1 pages of a Shelly with login on: `/shelly` says `auth: true`, the rest need credentials. */
export function lockedShelly(mac: string, fixture: unknown, name: string): ShellyPages {
  const pages = evilShelly(mac, fixture, name);
  return {
    shelly: { ...pages.shelly, auth: true },
    settings: {
      ...pages.settings,
      login: { enabled: true, unprotected: false, username: 'admin' },
    },
    status: pages.status,
  };
}
