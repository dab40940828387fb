/**
 * Test support: a real Mosquitto broker (Debian's /usr/sbin/mosquitto, installed by .ci/run) on a free loopback
 * port with its own generated config, started and stopped by the test. Only test files import this.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = '/usr/sbin/mosquitto';

export interface Mosquitto {
  url: string;
  port: number;
  /** Kills the broker (connections drop at once) and starts it again on the same port, empty (no persistence). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
      socket.connect(port, host);
      setTimeout(() => resolve(false), 200);
    }).finally(() => undefined);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${host}:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startMosquitto(host = '127.0.0.1'): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-mosquitto-'));
  const port = await freePort(host);
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} ${host}\nallow_anonymous true\npersistence false\nlog_dest none\n`);
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
    await waitForPort(host, port, 5_000);
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await launch();
  return {
    url: `mqtt://${host}:${port}`,
    port,
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
