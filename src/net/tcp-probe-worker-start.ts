import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProbeWorkerData } from './tcp-probe-worker-protocol.ts';

/** Starts one probe worker thread with its `workerData`. */
export type ProbeWorkerStarter = (data: ProbeWorkerData) => Worker;

/**
 * Where the worker's code is. This module runs either from the TypeScript sources (tsx in a checkout, vitest) or
 * from the esbuild bundle, where `scripts/build.mjs` emits the worker as its own entry point beside the CLI:
 * `dist/tcp-probe-worker.mjs` next to `dist/iotwarden.mjs`, whose `import.meta.url` this then is.
 */
const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSources ? './tcp-probe-worker.ts' : './tcp-probe-worker.mjs', import.meta.url);

let starter: ProbeWorkerStarter | null | undefined;

/**
 * How to start a probe worker here, or undefined when its code cannot be found (a bundle copied without its
 * worker file; a checkout without tsx). Decided once per process.
 */
export function probeWorkerStarter(): ProbeWorkerStarter | undefined {
  starter ??= findStarter();
  return starter ?? undefined;
}

function findStarter(): ProbeWorkerStarter | null {
  if (!existsSync(fileURLToPath(workerUrl))) return null;
  if (!fromSources) return (workerData) => new Worker(workerUrl, { workerData });
  // Node 20 applies neither a parent's `--import tsx` nor tsx's register() to a worker's entry module, so the
  // worker registers tsx itself, then loads the TypeScript module. The inherited execArgv is dropped: under tsx it
  // holds tsx's own preload flags, which cost a worker about half a second and do not make `.ts` loadable there.
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    return null;
  }
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
  return (workerData) => new Worker(boot, { eval: true, execArgv: [], workerData });
}
