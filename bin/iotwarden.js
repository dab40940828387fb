#!/usr/bin/env node
// Launcher for `npx iotwarden`. In a checkout it runs the TypeScript sources through tsx, so what runs is always
// what is in the tree; a packaged install (no src/) runs the esbuild bundle instead.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(join(root, 'dist', 'iotwarden.mjs')).href);
}
