import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Transport = 'tcp' | 'udp';

/** One port of a device whose real number differs from the one to connect to (a lab binds 80 as 10080). */
export interface PortBinding {
  /** The device's real port (80 for a Shelly). */
  port: number;
  /** The port actually bound on the device's address. */
  actual: number;
  transport: Transport;
}

/**
 * The lab's port map, written where `iotwarden scan` finds it without flags. One file per lab process, so
 * parallel labs (tests) never overwrite each other; files of dead processes are ignored and removed.
 */
export interface PortMapFile {
  pid: number;
  startedAt: string;
  devices: Array<{ name: string; kind: string; address: string; ports: PortBinding[] }>;
}

export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.IOTWARDEN_RUNTIME_DIR) return env.IOTWARDEN_RUNTIME_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'iotwarden');
  return join(tmpdir(), `iotwarden-${process.getuid?.() ?? 'user'}`);
}

export function writePortMap(map: PortMapFile, dir = runtimeDir()): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `lab-${map.pid}.json`);
  writeFileSync(file, `${JSON.stringify(map, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function removePortMap(pid: number, dir = runtimeDir()): void {
  rmSync(join(dir, `lab-${pid}.json`), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Port maps of every lab that is still running. Unreadable or stale files are skipped (and stale ones removed). */
export function readLivePortMaps(dir = runtimeDir()): PortMapFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^lab-\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const maps: PortMapFile[] = [];
  for (const name of names) {
    const pid = Number(name.slice(4, -5));
    if (!isAlive(pid)) {
      rmSync(join(dir, name), { force: true });
      continue;
    }
    try {
      const parsed = JSON.parse(readFileSync(join(dir, name), 'utf8')) as PortMapFile;
      if (Array.isArray(parsed.devices)) maps.push(parsed);
    } catch {
      // A lab may be writing its file right now; it will be readable on the next scan.
    }
  }
  return maps;
}

export type PortResolver = (address: string, port: number, transport?: 'tcp' | 'udp') => number;

/** Builds the real-port → bound-port mapping the scanner uses for lab addresses. Unknown addresses map to themselves. */
export function portResolverFrom(maps: ReadonlyArray<PortMapFile>): PortResolver {
  const table = new Map<string, number>();
  for (const map of maps) {
    for (const device of map.devices) {
      for (const binding of device.ports) {
        table.set(`${device.address}|${binding.transport}|${binding.port}`, binding.actual);
      }
    }
  }
  return (address, port, transport = 'tcp') => table.get(`${address}|${transport}|${port}`) ?? port;
}

/** Real ports as a running lab bound them (re-read each time: a device may open a port after an update). */
export function livePortResolver(): PortResolver {
  return portResolverFrom(readLivePortMaps());
}
