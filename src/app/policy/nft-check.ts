/**
 * Checks a ruleset with `nft -c -f -` (parse and validate against the kernel, change nothing) before it is shown or
 * written. nft needs CAP_NET_ADMIN even for -c (it asks the kernel through netlink); without it, or without nft,
 * the result says the check did not run and why, and the caller decides (the CLI warns, the tests run as root).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const NFT_PATHS = ['/usr/sbin/nft', '/sbin/nft', '/usr/bin/nft'];
const TIMEOUT_MS = 15_000;
const MAX_OUTPUT_BYTES = 64 * 1024;

export type NftCheck =
  | { checked: true; ok: true }
  | { checked: true; ok: false; error: string }
  | { checked: false; reason: string };

export function checkNftables(ruleset: string, nft = NFT_PATHS.find((p) => existsSync(p))): Promise<NftCheck> {
  if (!nft) return Promise.resolve({ checked: false, reason: 'nft is not installed (apt-get install nftables)' });
  return new Promise((resolve) => {
    const child = spawn(nft, ['-c', '-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'], timeout: TIMEOUT_MS });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_OUTPUT_BYTES) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => resolve({ checked: false, reason: `nft could not run: ${error.message}` }));
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ checked: true, ok: true });
      else if (/Operation not permitted|Permission denied/.test(stderr)) {
        resolve({ checked: false, reason: 'nft -c needs CAP_NET_ADMIN (run as root to check the ruleset)' });
      } else if (signal) resolve({ checked: false, reason: `nft -c did not finish in ${TIMEOUT_MS / 1000} s` });
      else resolve({ checked: true, ok: false, error: stderr.trim().slice(0, 4000) });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(ruleset);
  });
}
