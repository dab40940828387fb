import type { RequestListener, ServerResponse } from 'node:http';
import { escapeHtml } from '../../http/html.ts';
import type { CameraState } from './camera-state.ts';

/** The Hi3510 SDK web server names itself in every answer; scanners fingerprint the line by it. */
export const HIPCAM_SERVER = 'Hipcam';
/** Its Basic challenge names the page, not the product. */
export const HIPCAM_REALM = 'index.html';

/**
 * The camera's web UI and the Hi3510 CGI (`/cgi-bin/hi3510/param.cgi?cmd=...`), which answers in JavaScript
 * `var x="...";` lines and `[Succeed]`/`[Error]` markers (Hi3510 CGI manual, "CGI execute return information").
 */
export function cameraHttpHandler(state: CameraState): RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://camera');
    if (state.settings.auth.enabled && !state.acceptsBasic(req.headers.authorization)) {
      res.writeHead(401, {
        server: HIPCAM_SERVER,
        'www-authenticate': `Basic realm="${HIPCAM_REALM}"`,
        'content-type': 'text/html',
      });
      res.end('<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>');
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      send(res, 200, 'text/html', indexPage(state));
      return;
    }
    if (url.pathname === '/cgi-bin/hi3510/param.cgi') {
      send(res, 200, 'text/plain', paramCgi(state, url.searchParams));
      return;
    }
    send(res, 404, 'text/html', '<html><head><title>404 Not Found</title></head><body>404 Not Found</body></html>');
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { server: HIPCAM_SERVER, 'content-type': type, 'cache-control': 'no-cache' });
  res.end(body);
}

function indexPage(state: CameraState): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>IPCAM</title>',
    '<script src="/cgi-bin/hi3510/param.cgi?cmd=getserverinfo"></script></head>',
    `<body><div id="devname">${escapeHtml(state.name)}</div>`,
    '<a href="/web/admin.html">Settings</a> <a href="/web/live.html">Live</a></body></html>',
  ].join('\n');
}

function jsVars(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => `var ${k}="${v.replace(/["\\\r\n]/g, '')}";\r\n`)
    .join('');
}

function paramCgi(state: CameraState, query: URLSearchParams): string {
  const cmd = query.get('cmd');
  switch (cmd) {
    case 'getserverinfo':
      return jsVars({
        model: state.settings.model,
        hardVersion: state.settings.hwVersion,
        softVersion: state.settings.firmware,
        webVersion: 'V1.0.1',
        name: state.name,
        startdate: '2016-07-22 10:51:43',
      });
    case 'getnetattr':
      return jsVars({ dhcpflag: 'on', ip: '0.0.0.0', macaddress: state.mac });
    case 'getuserattr':
      // The CGI never shows a password, only who is logged in.
      return jsVars({ at_username0: state.username, at_authlevel0: '15' });
    case 'setuserattr': {
      const user = query.get('-usrname');
      const password = query.get('-passwd');
      if (user !== state.username || password === null || password.length === 0) return '[Error]set failed.\r\n';
      state.password = password;
      return '[Succeed]set ok.\r\n';
    }
    default:
      return '[Error]cmd error!\r\n';
  }
}
