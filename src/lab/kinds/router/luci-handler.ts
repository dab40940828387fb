import { randomBytes } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { escapeHtml } from '../../../services/http/html.ts';
import { readBodyText } from '../../core/read-body.ts';
import type { RouterSettings } from './settings.ts';

const MAX_FORM_BYTES = 4096;

/**
 * OpenWrt's web UI: uhttpd serves an index page that refreshes to LuCI (`/cgi-bin/luci/`), and LuCI answers an
 * unauthenticated request with 403 and its login form (luci-base `sysauth`). A good POST sets the `sysauth_http`
 * cookie; with it the status page shows model and firmware.
 */
export function luciHandler(settings: RouterSettings, hostname: string): RequestListener {
  const sessions = new Set<string>();
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/' || path === '/index.html') {
      return page(
        res,
        200,
        'OpenWrt',
        '<meta http-equiv="refresh" content="0; URL=cgi-bin/luci/" />',
        '<a href="cgi-bin/luci/">LuCI - Lua Configuration Interface</a>',
      );
    }
    if (!path.startsWith('/cgi-bin/luci'))
      return page(res, 404, 'Not Found', '', 'The requested URL was not found on this server.');
    const cookie = /sysauth_http=([0-9a-f]{32})/.exec(String(req.headers.cookie ?? ''))?.[1];
    if (!settings.auth.enabled || (cookie && sessions.has(cookie))) return statusPage(res, settings, hostname);
    if (req.method === 'POST') {
      readForm(req, (form) => {
        if (
          form.get('luci_username') === settings.auth.username &&
          form.get('luci_password') === settings.auth.password
        ) {
          const token = randomBytes(16).toString('hex');
          sessions.add(token);
          res.writeHead(302, {
            location: '/cgi-bin/luci/',
            'set-cookie': `sysauth_http=${token}; path=/cgi-bin/luci/; SameSite=Strict; HttpOnly`,
          });
          res.end();
        } else loginPage(res, hostname, true);
      });
      return;
    }
    loginPage(res, hostname, false);
  };
}

function page(res: ServerResponse, status: number, title: string, head: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-cache' });
  res.end(
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`,
  );
}

function loginPage(res: ServerResponse, hostname: string, failed: boolean): void {
  const error = failed
    ? '<div class="alert-message error">Invalid username and/or password! Please try again.</div>'
    : '';
  page(
    res,
    403,
    `${escapeHtml(hostname)} - LuCI`,
    '',
    `<form method="post"><h2>Authorization Required</h2>${error}<input name="luci_username" type="text" value="root"><input name="luci_password" type="password"><button>Log in</button></form>`,
  );
}

function statusPage(res: ServerResponse, settings: RouterSettings, hostname: string): void {
  page(
    res,
    200,
    `${escapeHtml(hostname)} - Overview - LuCI`,
    '',
    `<h2>Status</h2><table><tr><td>Model</td><td>${escapeHtml(settings.model)}</td></tr><tr><td>Firmware Version</td><td>OpenWrt ${escapeHtml(settings.firmware)}</td></tr></table>`,
  );
}

function readForm(req: IncomingMessage, done: (form: URLSearchParams) => void): void {
  void readBodyText(req, MAX_FORM_BYTES).then((text) => {
    if (text !== undefined) done(new URLSearchParams(text));
  });
}
