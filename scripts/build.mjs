// Bundles the CLI into dist/iotwarden.mjs. Pure-JS dependencies are bundled, which halves start-up (one file to
// load instead of hundreds); native (better-sqlite3), data-heavy (oui-data) and worker-spawning (pino's
// thread-stream) packages stay external and load from node_modules.
// The TCP probe worker thread is a second entry point, dist/tcp-probe-worker.mjs: the CLI starts it by path, next to
// itself (src/net/tcp-probe-worker-start.ts).
import { build } from 'esbuild';

await build({
  entryPoints: { iotwarden: 'src/cli/main.ts', 'tcp-probe-worker': 'src/net/tcp-probe-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', 'oui-data', 'pino', 'thread-stream', 'tsx'],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __iotwardenCreateRequire } from 'node:module';\nconst require = __iotwardenCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
