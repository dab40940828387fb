import type { ServerResponse } from 'node:http';
import { CONTROL_HEADER_TEXT, CONTROL_TEXT, INVALID_UTF8 } from './control-text.ts';
import { evilShelly } from './evil-shelly.ts';
import { notFound, type ShellyPages, sendJsonText, shellyPage } from './shelly-impostor.ts';

/**
 * Gen1 pages with control text in every field a scan reads: name, model (`type`), firmware, host name, Wi-Fi SSID,
 * cloud server and the MAC in /settings. The MAC in /shelly stays valid: without it no adapter claims the device,
 * and the point is that the text reaches the scan's output.
 */
export function controlShelly(mac: string, fixture: unknown): ShellyPages {
  const pages = evilShelly(mac, fixture, CONTROL_TEXT);
  const fw = `20230913-112003/v1.14.0${CONTROL_TEXT}`;
  return {
    shelly: { ...pages.shelly, type: `SHSW-1${CONTROL_TEXT}`, fw },
    settings: {
      ...pages.settings,
      fw,
      device: { type: `SHSW-1${CONTROL_TEXT}`, mac: CONTROL_TEXT, hostname: CONTROL_TEXT, num_outputs: 1 },
      wifi_sta: { enabled: true, ssid: CONTROL_TEXT, ip: CONTROL_TEXT },
      cloud: { enabled: true, connected: false, server: CONTROL_TEXT },
    },
    status: pages.status,
  };
}

/** Serves {@link controlShelly} with a C1-laden Server banner. */
export function serveControlShelly(res: ServerResponse, pages: ShellyPages, path: string): void {
  const page = shellyPage(pages, path);
  if (page) sendJsonText(res, JSON.stringify(page), CONTROL_HEADER_TEXT);
  else notFound(res);
}

/** A placeholder no device text holds, replaced by raw invalid bytes after JSON.stringify. */
const MARK = '\ue000BAD\ue000';

/** Gen1 pages whose name, model suffix and firmware hold bytes that are not UTF-8. */
export function invalidUtf8Shelly(mac: string, fixture: unknown): ShellyPages {
  const pages = evilShelly(mac, fixture, MARK);
  return {
    shelly: { ...pages.shelly, type: `SHSW-1${MARK}`, fw: `20230913-112003/v1.14.0${MARK}` },
    settings: pages.settings,
    status: pages.status,
  };
}

/** The page's JSON with every placeholder replaced by the invalid bytes. */
export function withInvalidUtf8(page: object): Buffer {
  const parts = JSON.stringify(page).split(MARK);
  const pieces: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) pieces.push(INVALID_UTF8);
    pieces.push(Buffer.from(part, 'utf8'));
  });
  return Buffer.concat(pieces);
}

/** The MAC a shifting device claims every other request: its own with the last octet flipped. */
export function shiftedMac(mac: string): string {
  const last = Number.parseInt(mac.slice(-2), 16) ^ 0xff;
  return `${mac.slice(0, -2)}${last.toString(16).padStart(2, '0').toUpperCase()}`;
}

/**
 * Two Gen1 identities a shifting device alternates between, request by request: a Shelly 1 with login off, then
 * a Shelly 2.5 with another MAC, name and firmware. A scan that stitches one device from both answers mixes them.
 */
export function shiftingIdentities(mac: string, fixture: unknown): [ShellyPages, ShellyPages] {
  const first = evilShelly(mac, fixture, 'porch-light');
  const other = evilShelly(shiftedMac(mac), fixture, 'living-room');
  const fw = '20221027-091427/v1.12.1-ga9117d3';
  return [
    first,
    {
      shelly: { ...other.shelly, type: 'SHSW-25', fw },
      settings: { ...other.settings, fw, login: { enabled: true, unprotected: false, username: 'admin' } },
      status: other.status,
    },
  ];
}

/** Redirect statuses a device may use (RFC 9110 §15.4); a redirecting device cycles through them. */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;

/** Sends the client elsewhere, with a different status every time. */
export function redirect(res: ServerResponse, location: string, count: number): void {
  const status = REDIRECT_STATUSES[count % REDIRECT_STATUSES.length] ?? 302;
  res.writeHead(status, { location, 'content-type': 'text/html' });
  res.end(`<a href="${location}">moved</a>`);
}
