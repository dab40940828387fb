import type { ServerResponse } from 'node:http';

/**
 * The headers a Hue bridge puts on every API answer, in its spelling and order: the no-cache set with the fixed
 * 2011 `Expires`, open CORS, and `Content-type` with a lower-case t (a bridge's answer to POST /api as captured in
 * Nitesh Dhanjani, "Abusing the Internet of Things", O'Reilly 2015, chapter 1).
 */
const BRIDGE_HEADERS: Array<[string, string]> = [
  ['Cache-Control', 'no-store, no-cache, must-revalidate, post-check=0, pre-check=0'],
  ['Pragma', 'no-cache'],
  ['Expires', 'Mon, 1 Aug 2011 09:00:00 GMT'],
  ['Access-Control-Max-Age', '0'],
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Allow-Credentials', 'true'],
  ['Access-Control-Allow-Methods', 'POST, GET, OPTIONS, PUT, DELETE'],
  ['Access-Control-Allow-Headers', 'Content-Type'],
];

/** Sends `text` with the bridge's headers and `contentType`. */
export function sendBridge(res: ServerResponse, status: number, contentType: string, text: string): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Array<[string, string]> = [
    ...BRIDGE_HEADERS,
    ['Content-type', contentType],
    ['Content-Length', String(Buffer.byteLength(text))],
  ];
  res.writeHead(status, headers.flat());
  res.end(text);
}

/** A JSON answer (v1 and CLIP v2 both send `application/json`). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendBridge(res, status, 'application/json', JSON.stringify(body));
}

/**
 * The page a bridge serves for a path it does not know (its web server's error page, as a bridge sent it back in
 * zim514/script.service.hue issue 334).
 */
export const NOT_FOUND_PAGE = [
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">',
  '<html>',
  '<head>',
  '    <title>hue personal wireless lighting</title>',
  '    <link rel="stylesheet" type="text/css" href="/index.css">',
  '</head>',
  '<body>',
  '    <div class="header">',
  '        <h1>hue personal wireless lighting</h1>',
  '        <img src="/hue-color-line.png" class="colorline" />',
  '    </div>',
  '    <div class="error">Oops, there appears to be no lighting here</div>',
  '</body>',
  '</html>',
  '',
].join('\n');
