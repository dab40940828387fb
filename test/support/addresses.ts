/**
 * Each test file gets its own /24 inside 127.77.0.0/16 so that files running in parallel never fight over a port.
 * Workers running at once have distinct VITEST_POOL_IDs, so each owns a range of 25 blocks; inside it a file picks
 * one at random, which keeps a file that leaked a socket from breaking the next file in the same worker.
 * The seed home uses 127.77.1.0/24, so tests stay at 127.77.10.0 and above.
 */
const pool = Math.max(1, Number(process.env.VITEST_POOL_ID ?? 1)) - 1;
const block = 10 + (pool % 9) * 25 + Math.floor(Math.random() * 25);
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
