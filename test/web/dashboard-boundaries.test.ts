import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dashboard (web/) is a browser program: it reaches the server only over the HTTP API, never by importing its
 * code, and it never parses a string as HTML. (dependency-cruiser cannot parse TSX here, so this test checks it.)
 */
const WEB = resolve('web');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

const files = sources(WEB);

describe('dashboard boundaries', () => {
  it('imports only its own files and browser packages', () => {
    expect(files.length).toBeGreaterThan(10);
    const allowed = /^(preact|preact\/hooks|uplot|uplot\/dist\/uPlot\.min\.css|cytoscape)$/;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        if (!specifier) continue;
        if (specifier.startsWith('.')) {
          const target = resolve(file, '..', specifier);
          expect(relative(WEB, target).startsWith('..'), `${relative(WEB, file)} imports ${specifier}`).toBe(false);
        } else {
          expect(specifier, `${relative(WEB, file)} imports ${specifier}`).toMatch(allowed);
        }
      }
    }
  });

  it('never renders a string as HTML', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(WEB, file)).not.toMatch(
        /dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write/,
      );
    }
  });
});
