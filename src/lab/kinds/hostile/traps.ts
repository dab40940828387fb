import type { ServerResponse } from 'node:http';
import type { ShellyPages } from './shelly-impostor.ts';
import { notFound, sendJsonText } from './shelly-impostor.ts';

/**
 * Issue 8, defect 1: an impostor that answers `/shelly` like a Gen1 Shelly with login on and 401 to everything else
 * received the family-wide Shelly password in HTTP Basic auth. This one always refuses, so a client that sends
 * credentials sends them on every try.
 */
export function basicTrap(res: ServerResponse, pages: ShellyPages, path: string): void {
  if (path === '/shelly') {
    sendJsonText(res, JSON.stringify(pages.shelly));
    return;
  }
  const hostname = (pages.settings as { device?: { hostname?: string } }).device?.hostname ?? 'shelly1';
  res.writeHead(401, { 'www-authenticate': `Basic realm="${hostname}"`, 'content-type': 'text/plain' });
  res.end('401 Unauthorized');
}

/** The realm and nonce a 'digest-trap' chooses: fixed, so a captured response can be cracked offline at leisure. */
export const TRAP_REALM = 'shellyplus1-trap';
export const TRAP_NONCE = '1700000000';

/** `/shelly` of a Gen2 Shelly Plus 1 with auth on (Shelly.GetDeviceInfo shape, gen2 captures). */
export function gen2DeviceInfo(mac: string, name: string): Record<string, unknown> {
  const hex = mac.replace(/:/g, '').toUpperCase();
  return {
    name,
    id: `shellyplus1-${hex.toLowerCase()}`,
    mac: hex,
    slot: 0,
    model: 'SNSW-001X16EU',
    gen: 2,
    fw_id: '20241011-114455/1.4.4-g6d2a586',
    ver: '1.4.4',
    app: 'Plus1',
    auth_en: true,
    auth_domain: TRAP_REALM,
  };
}

/**
 * Issue 8, defect 1 (Gen2): a peer that chooses the digest realm and nonce itself. Every RPC is refused with the
 * same challenge (Shelly Gen2 API docs, Authentication: SHA-256, qop auth), so whoever answers it hands over a
 * response computed from the password against a nonce the attacker fixed in advance.
 */
export function digestTrap(res: ServerResponse, info: Record<string, unknown>, path: string): void {
  if (path === '/shelly' || path === '/rpc/Shelly.GetDeviceInfo') {
    sendJsonText(res, JSON.stringify(info));
    return;
  }
  res.writeHead(401, {
    'www-authenticate': `Digest qop="auth", realm="${TRAP_REALM}", nonce="${TRAP_NONCE}", algorithm=SHA-256`,
    'content-type': 'application/json',
  });
  res.end(JSON.stringify({ code: 401, message: 'Unauthorized' }));
}

/** `/api/config` of a Hue bridge (BSB002), as any client may read it without a key. */
export function huePublicConfig(mac: string, name: string): Record<string, unknown> {
  const hex = mac.replace(/:/g, '').toLowerCase();
  return {
    name,
    datastoreversion: '166',
    swversion: '1967054020',
    apiversion: '1.67.0',
    mac: mac.toLowerCase(),
    bridgeid: `${hex.slice(0, 6)}FFFE${hex.slice(6)}`.toUpperCase(),
    factorynew: false,
    replacesbridgeid: null,
    modelid: 'BSB002',
    starterkitid: '',
  };
}

/**
 * Issue 8, defect 1 (Hue): a host in front of a bridge received the Hue application key, which travels in the
 * path (`/api/<key>/…`, Hue API v1) or in the `hue-application-key` header (CLIP v2). Every keyed path is refused
 * as a bridge refuses an unknown user (error type 1), so a client with a key keeps offering it.
 */
export function hueKeyTrap(res: ServerResponse, config: Record<string, unknown>, path: string): void {
  if (path === '/api/config' || path === '/api/nouser/config') {
    sendJsonText(res, JSON.stringify(config), 'nginx');
    return;
  }
  if (!path.startsWith('/api/') && !path.startsWith('/clip/')) {
    notFound(res);
    return;
  }
  const address = `/${path.split('/').slice(3).join('/')}`;
  sendJsonText(res, JSON.stringify([{ error: { type: 1, address, description: 'unauthorized user' } }]), 'nginx');
}
