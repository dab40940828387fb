import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Each test file owns one /24 inside 127.77.0.0/16, so files running at the same time never fight over a port — not
 * even files of two test runs on one machine. A block is claimed with an exclusive lock file naming the process;
 * a claim whose process is gone is taken over. The seed home and the demo use 127.77.1.0/24; benchmarks use
 * 127.77.200.0 and above; tests stay in 127.77.10.0 - 127.77.199.0.
 */
const LOCKS = join(tmpdir(), 'iotwarden-test-blocks');
const FIRST_BLOCK = 10;
const BLOCKS = 190;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function claim(block: number): boolean {
  const file = join(LOCKS, String(block));
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    process.once('exit', () => rmSync(file, { force: true }));
    return true;
  } catch {
    const owner = Number(readFileSync(file, 'utf8') || 0);
    if (owner === process.pid || alive(owner)) return false;
    rmSync(file, { force: true });
    return claim(block);
  }
}

function claimBlock(): number {
  mkdirSync(LOCKS, { recursive: true });
  const start = Math.floor(Math.random() * BLOCKS);
  for (let i = 0; i < BLOCKS; i++) {
    const block = FIRST_BLOCK + ((start + i) % BLOCKS);
    if (claim(block)) return block;
  }
  throw new Error(`no free test address block in 127.77.${FIRST_BLOCK}-${FIRST_BLOCK + BLOCKS - 1}.0/24`);
}

const block = claimBlock();
let next = 1;

/** A fresh loopback address for one simulated device in this test file. */
export function testAddress(): string {
  next += 1;
  if (next > 254) throw new Error('test file used more than 253 lab addresses');
  return `127.77.${block}.${next}`;
}

/** The /24 this test file owns, for scenarios and scans. */
export function testNetwork(): string {
  return `127.77.${block}.0/24`;
}
