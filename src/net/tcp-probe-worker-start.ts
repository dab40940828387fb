import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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
 * How to start a probe worker here, or undefined when its code cannot be found or built (a bundle copied without
 * its worker file). Decided once per process.
 */
export function probeWorkerStarter(): ProbeWorkerStarter | undefined {
  if (starter === undefined) starter = findStarter();
  return starter ?? undefined;
}

function findStarter(): ProbeWorkerStarter | null {
  if (!existsSync(fileURLToPath(workerUrl))) return null;
  if (!fromSources) return (workerData) => new Worker(workerUrl, { workerData });
  const code = bundleFromSources(fileURLToPath(workerUrl));
  if (code === undefined) return null;
  const url = new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  // The inherited execArgv is dropped: under tsx it holds tsx's loader flags, which the bundled code does not need
  // and which cost each worker a few hundred milliseconds to start.
  return (workerData) => new Worker(url, { execArgv: [], workerData });
}

/** The one esbuild call this needs; esbuild's own types stay out of the production sources. */
interface EsbuildSync {
  buildSync(options: Record<string, unknown>): { outputFiles?: Array<{ text: string }> };
}

/**
 * From the sources, the worker module and its imports are bundled in memory with esbuild, once per process (about
 * 30 ms; tsx, which runs the sources, depends on esbuild, so it is there wherever the sources run). Node 20 applies
 * neither a parent's `--import tsx` nor tsx's `register()` to a worker's entry module, and registering tsx inside
 * each worker costs about 0.25 s per worker on an idle machine and over a second on a busy one.
 */
function bundleFromSources(entry: string): string | undefined {
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as EsbuildSync;
    const result = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
    });
    return result.outputFiles?.[0]?.text;
  } catch {
    return undefined;
  }
}
