// Bundles the CLI into dist/iotwarden.mjs. Pure-JS dependencies are bundled, which halves start-up (one file to
// load instead of hundreds); native (better-sqlite3), data-heavy (oui-data) and worker-spawning (pino's
// thread-stream) packages stay external and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/iotwarden.mjs',
  bundle: true,
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
