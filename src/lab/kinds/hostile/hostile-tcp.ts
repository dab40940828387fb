import type { Socket } from 'node:net';
import { deepJsonText } from './deep-json.ts';
import { EVIL_NAME } from './evil-shelly.ts';
import { serveKasaMissingModule } from './kasa-missing-module.ts';
import type { HostileBehavior } from './settings.ts';

const CHUNK = Buffer.alloc(16 * 1024, 'A');

/** Bytes that start like JSON a device would send, then break (the raw-port twin of the HTTP garbage). */
const GARBAGE = Buffer.from('{"model":"HS100","sw_ver":\u0000\u00ff{]]', 'latin1');

/** Writes until the client goes away, waiting for `drain` so memory stays flat. */
function flood(socket: Socket): void {
  const pump = (): void => {
    while (!socket.destroyed) {
      if (!socket.write(CHUNK)) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/** Runs `act` once, when the client has spoken: these peers let the client send its request first. */
function onFirstData(socket: Socket, act: () => void): void {
  socket.once('data', act);
}

/**
 * The raw-TCP side of each hostile behaviour, for the ports that are not HTTP (Kasa's 9999, ESPHome's 6053,
 * telnet): what a broken or malicious device does to a client that connects there.
 */
export function hostileTcpHandler(behavior: HostileBehavior, mac: string): (socket: Socket) => void {
  return (socket) => {
    // Read and discard whatever the client sends, so its writes never block.
    socket.resume();
    switch (behavior) {
      case 'silent':
        return;
      case 'endless-body':
        flood(socket);
        return;
      case 'invalid-json':
        onFirstData(socket, () => socket.end(GARBAGE));
        return;
      case 'reset':
        onFirstData(socket, () => socket.write('{"system":', () => socket.resetAndDestroy()));
        return;
      case 'evil-name':
        onFirstData(socket, () => socket.end(`${EVIL_NAME}\r\n`));
        return;
      case 'deep-json':
        onFirstData(socket, () => socket.end(deepJsonText()));
        return;
      case 'kasa-missing-module':
        serveKasaMissingModule(socket, mac);
        return;
    }
  };
}
