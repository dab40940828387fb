import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type RequestListener,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../util/logger.ts';
import { LabBindError } from './lab-errors.ts';
import {
  isAddressInUse,
  isPermissionError,
  isPrivileged,
  type PortBinding,
  type PrivilegedPortMode,
  shiftedPort,
  type Transport,
} from './port-binding.ts';

/** A bound port of one simulated device. `pause` closes it (the device is rebooting: connections are refused). */
export interface Listener {
  readonly binding: PortBinding;
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

export type UdpReply = (payload: Buffer) => void;
export type UdpHandler = (message: Buffer, from: RemoteInfo, reply: UdpReply) => void;

/** A bound UDP port that can also send on its own (CoIoT status publishes leave from the device's port 5683). */
export interface UdpListener extends Listener {
  /** Sends one datagram from the bound port; false when the port is paused or closed. */
  send(payload: Buffer, port: number, address: string): boolean;
}

/**
 * Takes over a connection that asked for an HTTP upgrade (a WebSocket handshake). The socket is the device's: a
 * pause or close destroys it with the others.
 */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface HttpListenOptions {
  upgrade?: UpgradeHandler;
}

export interface DeviceHostOptions {
  deviceName: string;
  address: string;
  portMode: PrivilegedPortMode;
  log: Logger;
  /** Called after a port is opened or closed at run time (a firmware update that closes 9999 and opens 80). */
  onBindingsChange?: () => void;
}

interface Bindable {
  open(port: number): Promise<void>;
  shut(): Promise<void>;
}

/**
 * The sockets of one simulated device on its own loopback address. Simulators ask it for listeners by their real
 * port; it binds (shifting privileged ports when needed) and remembers the map the lab reports.
 */
export class DeviceHost {
  readonly deviceName: string;
  readonly address: string;
  readonly log: Logger;
  readonly #portMode: PrivilegedPortMode;
  readonly #listeners: Listener[] = [];
  /** Set by the lab after start, so run-time changes reach the port map file. */
  onBindingsChange: (() => void) | undefined;

  constructor(options: DeviceHostOptions) {
    this.deviceName = options.deviceName;
    this.address = options.address;
    this.#portMode = options.portMode;
    this.log = options.log;
    this.onBindingsChange = options.onBindingsChange;
  }

  bindings(): PortBinding[] {
    return this.#listeners.map((l) => l.binding);
  }

  /** A raw TCP service (Kasa 9999, telnet, RTSP, MongoDB, Redis, ESPHome). */
  listenTcp(port: number, onConnection: (socket: Socket) => void): Promise<Listener> {
    let server: TcpServer | undefined;
    const sockets = new Set<Socket>();
    return this.#listen(port, 'tcp', {
      open: (actual) => {
        server = createTcpServer((socket) => {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          // A client that resets must not crash the lab.
          socket.on('error', () => socket.destroy());
          onConnection(socket);
        });
        return listenServer(server, actual, this.address);
      },
      shut: async () => {
        for (const s of sockets) s.destroy();
        sockets.clear();
        if (server) await closeServer(server);
        server = undefined;
      },
    });
  }

  /**
   * An HTTP service. Keep-alive connections, and connections upgraded to WebSocket, are dropped on pause, as a
   * rebooting device drops them.
   */
  listenHttp(port: number, handler: RequestListener, options: HttpListenOptions = {}): Promise<Listener> {
    return this.#listenHttpLike(port, () => createHttpServer(handler), options.upgrade);
  }

  /** An HTTPS service with the given certificate (the Hue bridge's self-signed one). */
  listenHttps(port: number, handler: RequestListener, tls: { key: string; cert: string }): Promise<Listener> {
    return this.#listenHttpLike(port, () => createHttpsServer({ key: tls.key, cert: tls.cert }, handler));
  }

  /**
   * A UDP service (Kasa discovery, SSDP, mDNS, CoIoT). `reply` answers the sender from the bound socket. `shared` ports
   * are bound with SO_REUSEADDR, as ports that every device and app on a LAN listens on for broadcasts are (Tuya's
   * 6666/6667): a client on the same machine may then bind the wildcard address too.
   */
  async listenUdp(port: number, onMessage: UdpHandler, options: { shared?: boolean } = {}): Promise<UdpListener> {
    let socket: UdpSocket | undefined;
    const listener = await this.#listen(port, 'udp', {
      open: (actual) =>
        new Promise<void>((resolve, reject) => {
          // mDNS and SSDP: a system daemon (Avahi) may hold 0.0.0.0:5353 with SO_REUSEADDR; sharing is how those ports work.
          const s = createSocket({
            type: 'udp4',
            reuseAddr: options.shared === true || actual === 5353 || actual === 1900,
          });
          s.once('error', reject);
          s.on('message', (msg, rinfo) => {
            const reply: UdpReply = (payload) => {
              s.send(payload, rinfo.port, rinfo.address, () => undefined);
            };
            try {
              onMessage(msg, rinfo, reply);
            } catch (error) {
              this.log.debug({ err: error, device: this.deviceName }, 'udp handler failed');
            }
          });
          s.bind(actual, this.address, () => {
            s.off('error', reject);
            s.on('error', (err) => this.log.debug({ err, device: this.deviceName }, 'udp socket error'));
            socket = s;
            resolve();
          });
        }),
      shut: () =>
        new Promise<void>((resolve) => {
          if (!socket) {
            resolve();
            return;
          }
          socket.close(() => resolve());
          socket = undefined;
        }),
    });
    return Object.assign(listener, {
      send: (payload: Buffer, toPort: number, toAddress: string): boolean => {
        if (!socket) return false;
        socket.send(payload, toPort, toAddress, () => undefined);
        return true;
      },
    });
  }

  /** Makes the whole device unreachable (a reboot), then reachable again on the same ports. */
  async pauseAll(): Promise<void> {
    await Promise.all(this.#listeners.map((l) => l.pause()));
  }

  async resumeAll(): Promise<void> {
    await Promise.all(this.#listeners.map((l) => l.resume()));
  }

  async close(): Promise<void> {
    this.onBindingsChange = undefined;
    await Promise.all([...this.#listeners].map((l) => l.close()));
  }

  #listenHttpLike(port: number, make: () => HttpServer, upgrade?: UpgradeHandler): Promise<Listener> {
    let server: HttpServer | undefined;
    const upgraded = new Set<Duplex>();
    return this.#listen(port, 'tcp', {
      open: (actual) => {
        server = make();
        // Devices are slow to answer at times; the lab must not cut a slow client off on Node's default timeouts.
        server.requestTimeout = 0;
        server.on('clientError', (_err, socket) => socket.destroy());
        if (upgrade) {
          server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
            upgraded.add(socket);
            socket.once('close', () => upgraded.delete(socket));
            socket.on('error', () => socket.destroy());
            upgrade(req, socket, head);
          });
        }
        return listenServer(server, actual, this.address);
      },
      shut: async () => {
        if (!server) return;
        // An upgraded socket is no longer the HTTP server's to close.
        for (const socket of upgraded) socket.destroy();
        upgraded.clear();
        server.closeAllConnections();
        await closeServer(server);
        server = undefined;
      },
    });
  }

  async #listen(port: number, transport: Transport, bindable: Bindable): Promise<Listener> {
    const actual = await this.#bindWithShift(port, transport, bindable);
    const binding: PortBinding = { port, actual, transport };
    let paused = false;
    let closed = false;
    const listener: Listener = {
      binding,
      pause: async () => {
        if (paused || closed) return;
        paused = true;
        await bindable.shut();
      },
      resume: async () => {
        if (!paused || closed) return;
        await bindable.open(actual);
        paused = false;
      },
      close: async () => {
        if (closed) return;
        closed = true;
        const index = this.#listeners.indexOf(listener);
        if (index >= 0) this.#listeners.splice(index, 1);
        if (!paused) await bindable.shut();
        this.onBindingsChange?.();
      },
    };
    this.#listeners.push(listener);
    this.onBindingsChange?.();
    return listener;
  }

  async #bindWithShift(port: number, transport: Transport, bindable: Bindable): Promise<number> {
    const privileged = isPrivileged(port);
    const first = privileged && this.#portMode === 'shift' ? shiftedPort(port) : port;
    try {
      await bindable.open(first);
      return first;
    } catch (error) {
      if (privileged && first === port && isPermissionError(error) && this.#portMode === 'auto') {
        const shifted = shiftedPort(port);
        try {
          await bindable.open(shifted);
          this.log.debug({ device: this.deviceName, port, actual: shifted }, 'privileged port shifted');
          return shifted;
        } catch (retryError) {
          throw this.#bindError(shifted, transport, retryError);
        }
      }
      throw this.#bindError(first, transport, error);
    }
  }

  #bindError(port: number, transport: Transport, error: unknown): LabBindError {
    const detail = isAddressInUse(error)
      ? 'port already in use'
      : isPermissionError(error)
        ? 'permission denied (a port below 1024 needs root; run the lab without --no-shift to use +10000)'
        : ((error as Error).message ?? String(error));
    return new LabBindError(this.deviceName, this.address, port, transport, detail, error);
  }
}

function listenServer(server: TcpServer, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: TcpServer): Promise<void> {
  return new Promise<void>((resolve) => server.close(() => resolve()));
}
