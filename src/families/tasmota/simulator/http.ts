import type { IncomingMessage, ServerResponse } from 'node:http';
import { runTasmotaCommand } from './commands.ts';
import type { TasmotaState } from './state.ts';

/** Tasmota's fixed web user (WEB_USERNAME in my_user_config.h). */
export const TASMOTA_WEB_USER = 'admin';

/**
 * The HTTP side of a simulated Tasmota device, after xdrv_01_9_webserver.ino:
 * - `/cm?cmnd=…` runs a command. With a web password set it wants HTTP Basic auth or `user=admin&password=…`
 *   and otherwise answers 401 `{"WARNING":"Need user=<username>&password=<password>"}` (HandleHttpCommand).
 * - `/` is the main menu page; with a password it asks for Basic auth (requestAuthentication, realm
 *   "Login Required" in the ESP8266/ESP32 WebServer).
 * - anything else is the plain-text "File Not Found" page (HandleNotFound).
 */
export function tasmotaHttpHandler(state: TasmotaState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://tasmota.invalid');
    if (url.pathname === '/cm') {
      handleCommand(state, req, url, res);
    } else if (url.pathname === '/') {
      handleRoot(state, req, res);
    } else {
      const args = [...url.searchParams].map(([k, v]) => ` ${k}: ${v}\n`).join('');
      send(
        res,
        404,
        'text/plain',
        `File Not Found\n\nURI: ${url.pathname}\nMethod: ${req.method}\nArguments: ${[...url.searchParams].length}\n${args}`,
      );
    }
  };
}

function handleCommand(state: TasmotaState, req: IncomingMessage, url: URL, res: ServerResponse): void {
  if (!basicAuthOk(state, req)) {
    const user = url.searchParams.get('user') ?? '';
    const password = url.searchParams.get('password') ?? '';
    if (user !== TASMOTA_WEB_USER || password !== state.webPassword) {
      send(res, 401, 'application/json', '{"WARNING":"Need user=<username>&password=<password>"}');
      return;
    }
  }
  const command = url.searchParams.get('cmnd') ?? '';
  if (!command) {
    send(res, 200, 'application/json', '{"WARNING":"Enter command cmnd="}');
    return;
  }
  send(res, 200, 'application/json', JSON.stringify(runTasmotaCommand(state, command)));
}

function handleRoot(state: TasmotaState, req: IncomingMessage, res: ServerResponse): void {
  if (!basicAuthOk(state, req)) {
    res.setHeader('WWW-Authenticate', 'Basic realm="Login Required"');
    send(res, 401, 'text/html', '');
    return;
  }
  const version = state.firmware.replace(/\(.*\)$/, '');
  const variant = /\((.*)\)$/.exec(state.firmware)?.[1] ?? 'tasmota';
  const name = escapeHtml(state.deviceName);
  const page =
    `<!DOCTYPE html><html lang="en" class=""><head><meta charset='utf-8'>` +
    `<meta name="viewport" content="width=device-width,initial-scale=1,user-scalable=no"/>` +
    `<title>${name} - Main Menu</title></head><body>` +
    `<div style='text-align:left;display:inline-block;min-width:340px;'>` +
    `<div style='text-align:center;'><noscript>To use Tasmota, please enable JavaScript<br></noscript>` +
    `<h3>${escapeHtml(state.moduleName)}</h3><h2>${name}</h2></div>` +
    `<div id='l1' name='l1'><table style='width:100%'><tr><td style='width:100%;text-align:center;font-weight:bold;font-size:62px'>${state.powerText()}</td></tr></table></div>` +
    `<div style='text-align:right;font-size:11px;'><hr/><a href='https://bit.ly/tasmota' target='_blank' style='color:#aaa;'>Tasmota ${escapeHtml(version)} (${escapeHtml(variant)}) by Theo Arends</a></div>` +
    `</div></body></html>`;
  send(res, 200, 'text/html', page);
}

/** WebAuthenticate(): true when no password is set or the Basic credentials match. */
function basicAuthOk(state: TasmotaState, req: IncomingMessage): boolean {
  if (!state.webPassword) return true;
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded === `${TASMOTA_WEB_USER}:${state.webPassword}`;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
