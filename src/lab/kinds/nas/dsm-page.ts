import type { RequestListener } from 'node:http';
import { escapeHtml } from '../../../services/http/html.ts';

/**
 * The DSM web login on port 5000. DSM serves its UI through nginx; the page title is "<hostname> - Synology
 * DiskStation". The real page draws its form with JavaScript; the lab renders the form server-side so a scanner
 * sees a login is required without running scripts.
 */
export function dsmHandler(options: { hostname: string; model: string; firmware: string }): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.cgi') {
      const body = [
        '<!DOCTYPE html>',
        `<html><head><meta charset="utf-8"><title>${escapeHtml(options.hostname)}&nbsp;-&nbsp;Synology&nbsp;DiskStation</title></head>`,
        `<body class="syno-login" data-model="${escapeHtml(options.model)}" data-version="${escapeHtml(options.firmware)}">`,
        '<form method="post" action="/webapi/entry.cgi?api=SYNO.API.Auth">',
        '<input name="account" type="text" placeholder="Username">',
        '<input name="passwd" type="password" placeholder="Password">',
        '<button type="submit">Sign In</button></form></body></html>',
      ].join('\n');
      res.writeHead(200, { server: 'nginx', 'content-type': 'text/html; charset="UTF-8"' });
      res.end(body);
      return;
    }
    if (path === '/webapi/entry.cgi') {
      // Error 400 "no such account or incorrect password" (Synology Web API guide, SYNO.API.Auth error codes).
      res.writeHead(200, { server: 'nginx', 'content-type': 'application/json; charset="UTF-8"' });
      res.end(JSON.stringify({ error: { code: 400 }, success: false }));
      return;
    }
    res.writeHead(404, { server: 'nginx', 'content-type': 'text/html' });
    res.end(
      '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>',
    );
  };
}
