import { readFileSync } from 'node:fs';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { CHECK_CATALOGUE } from '../../src/checks/catalogue.ts';
import { processDeps } from '../../src/cli/deps.ts';
import { buildProgram } from '../../src/cli/program.ts';

/**
 * The README is how a new owner learns what iotwarden can do: every check id a finding may carry and every command
 * must appear in it. A check or command added without a line in the README fails here, not in a user's hands.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Every command path with its parents: `firmware`, `firmware status`, … (hidden aliases are not commands). */
function commandPaths(command: CommandUnknownOpts, path: string[] = []): string[] {
  return command.commands.flatMap((sub) => {
    const subPath = [...path, sub.name()];
    return [subPath.join(' '), ...commandPaths(sub, subPath)];
  });
}

describe('the README lists', () => {
  it('every check id', () => {
    const missing = CHECK_CATALOGUE.map((check) => check.id).filter((id) => !README.includes(`\`${id}\``));
    expect(missing, 'check ids missing from README.md').toEqual([]);
  });

  it('every command', () => {
    const program = buildProgram(processDeps()) as unknown as CommandUnknownOpts;
    const missing = commandPaths(program).filter((path) => !README.includes(`iotwarden ${path}`));
    expect(missing, 'commands missing from README.md').toEqual([]);
  });
});
