// Bundles the CLI into dist/iotwarden.mjs and the dashboard into dist/dashboard (served by `iotwarden serve`).
// CLI: pure-JS dependencies are bundled, which halves start-up (one file to load instead of hundreds); native
// (better-sqlite3), data-heavy (oui-data) and worker-spawning (pino's thread-stream) packages stay external.
// The TCP probe worker thread is a second entry point, dist/tcp-probe-worker.mjs: the CLI starts it by path, next to
// itself (src/net/tcp-probe-worker-start.ts).
// Split into chunks beside the entry (dist/chunk-*.mjs): commands load their implementation with import()
// (docs/decisions/lazy-commands.md), so a process loads only the code of its command. `serve` runs for months; it
// holds about 8 MB less without the other commands' code (bench:serve, seed home: 94 -> 86 MB). Chunks stay in dist/
// itself, because code that finds files next to it (the probe worker, the dashboard) uses its own import.meta.url.
import { copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

async function buildCli() {
  // Chunk names carry a content hash: clear the last build's files, or they pile up beside the new ones.
  for (const file of await readdir('dist').catch(() => [])) {
    if (/\.mjs(\.map)?$/.test(file)) await rm(join('dist', file));
  }
  await build({
    entryPoints: { iotwarden: 'src/cli/main.ts', 'tcp-probe-worker': 'src/net/tcp-probe-worker.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    // Whitespace and comments out, every character ASCII: V8 keeps the bundle's source in memory for the life of the
    // process, and one non-Latin-1 character anywhere (a comment, a regular expression) makes it a two-byte string.
    minifyWhitespace: true,
    legalComments: 'none',
    charset: 'ascii',
    external: ['better-sqlite3', 'oui-data', 'pino', 'thread-stream', 'tsx'],
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __iotwardenCreateRequire } from 'node:module';\nconst require = __iotwardenCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  for (const file of await readdir('dist')) if (file.endsWith('.mjs')) await escapeNonAscii(join('dist', file));
}

/**
 * `charset: 'ascii'` escapes strings, templates and identifiers, but esbuild leaves regular-expression literals as
 * written, and one `/→/` made V8 hold the whole 4 MB bundle as a two-byte string (8 MB of heap for the life of
 * `serve`). Comments are gone (minifyWhitespace), so what is left is inside regular expressions, where `\uXXXX`
 * (a surrogate pair beyond the BMP) matches the same text, with or without the `u` flag.
 */
async function escapeNonAscii(file) {
  const text = await readFile(file, 'utf8');
  const escaped = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped !== text) await writeFile(file, escaped);
}

// The dashboard (web/): Preact, uPlot and cytoscape bundled for the browser. Cytoscape is a split chunk loaded only
// by the network map. No inline script or style anywhere (the CSP forbids both): index.html links app.js and app.css.
async function buildDashboard(outDir) {
  await rm(outDir, { recursive: true, force: true });
  await build({
    entryPoints: { app: 'web/main.tsx' },
    outdir: join(outDir, 'assets'),
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    sourcemap: false,
    logLevel: 'warning',
  });
  await copyFile('web/index.html', join(outDir, 'index.html'));
}

// `node scripts/build.mjs` builds both; `--dashboard-only [--out DIR]` only the dashboard (the browser tests build
// their own copy, so a stale dist/ is never what they test).
const args = process.argv.slice(2);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : 'dist/dashboard';
if (!args.includes('--dashboard-only')) await buildCli();
await buildDashboard(out);
