import type { Socket } from 'node:net';
import { completeFrameLength, frameTcp, xorDecrypt } from '../../../families/tplink/xor-cipher.ts';

/**
 * A legacy Kasa plug (XOR on TCP 9999, fixtures README kasa/iot) that answers `system.get_sysinfo` alone, but
 * leaves the `system` module out whenever a request asks for several modules at once. Valid JSON, valid framing,
 * just not the shape the adapter expected: the red-team pass of issue 8 saw the device lose its identity and its
 * XOR finding to the TypeError that followed.
 */
export function kasaMissingModuleSysinfo(mac: string): Record<string, unknown> {
  return {
    err_code: 0,
    sw_ver: '1.5.4 Build 180815 Rel.121440',
    hw_ver: '2.0',
    type: 'IOT.SMARTPLUGSWITCH',
    model: 'HS100(UK)',
    mac,
    deviceId: '8006F1A2B3C4D5E6F708192A3B4C5D6E7F809A1B',
    alias: 'hostile kettle',
    relay_state: 1,
  };
}

/** Requests are small; a client that sends more than this without completing a frame is dropped. */
const MAX_PENDING_BYTES = 64 * 1024;

/** Answers each framed request on one connection. */
export function serveKasaMissingModule(socket: Socket, mac: string): void {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    if (pending.length > MAX_PENDING_BYTES) {
      socket.destroy();
      return;
    }
    for (let total = completeFrameLength(pending); total !== undefined; total = completeFrameLength(pending)) {
      const request = parse(xorDecrypt(pending.subarray(4, total)).toString('utf8'));
      pending = pending.subarray(total);
      socket.write(frameTcp(JSON.stringify(answer(request, mac))));
    }
  });
}

function answer(request: Record<string, unknown>, mac: string): Record<string, unknown> {
  const modules = Object.keys(request);
  if (modules.length === 1 && modules[0] === 'system') {
    return { system: { get_sysinfo: kasaMissingModuleSysinfo(mac) } };
  }
  // Every module but `system` answers; `system` is silently missing.
  const modulesAnswered = modules.filter((module) => module !== 'system');
  return Object.fromEntries(modulesAnswered.map((module) => [module, { err_code: -1, err_msg: 'module not support' }]));
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
