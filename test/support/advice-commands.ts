/**
 * Test support: every `iotwarden …` command named in advice text, checked against the real commander program.
 * A command is the text after "iotwarden " up to the end of its sentence; its words must walk the command tree to a
 * real command, every `--option` must be one that command has, and it may take no more arguments than it declares.
 */
import type { Command } from '@commander-js/extra-typings';
import { processDeps } from '../../src/cli/deps.ts';
import { buildProgram } from '../../src/cli/program.ts';

let program: Command | undefined;

function root(): Command {
  program ??= buildProgram(processDeps()) as unknown as Command;
  return program;
}

/** `iotwarden fix apply --device 1.2.3.4 --check cloud.enabled` from a sentence, without its closing punctuation. */
export function namedCommands(text: string): string[] {
  return text
    .split(/\biotwarden /)
    .slice(1)
    .map((segment) => segment.split(/[.,;:](?:\s|$)|[()\n]/)[0]?.trim() ?? '')
    .filter((words) => words !== '');
}

function takesValue(command: Command, flag: string): boolean | undefined {
  const option = command.options.find((o) => o.long === flag || o.short === flag);
  return option ? option.required || option.optional : undefined;
}

/** Why a command line is not one the program accepts; undefined when it is. */
export function commandProblem(line: string): string | undefined {
  const words = line.match(/"[^"]*"|\S+/g) ?? [];
  let command = root();
  let index = 0;
  while (index < words.length) {
    const next = command.commands.find((c) => c.name() === words[index] || c.aliases().includes(words[index] ?? ''));
    if (!next) break;
    command = next as Command;
    index += 1;
  }
  if (command === root()) return `"iotwarden ${line}": no command "${words[0]}"`;
  if (command.commands.length > 0) return `"iotwarden ${line}": "${command.name()}" needs a subcommand`;
  let positional = 0;
  for (; index < words.length; index++) {
    const word = words[index] as string;
    if (word.startsWith('-')) {
      const value = takesValue(command, word);
      if (value === undefined) return `"iotwarden ${line}": ${command.name()} has no option ${word}`;
      if (value) index += 1;
    } else positional += 1;
  }
  const declared = command.registeredArguments;
  const variadic = declared.some((a) => a.variadic);
  if (!variadic && positional > declared.length) return `"iotwarden ${line}": too many arguments`;
  return undefined;
}

/** Commands in prose that start with a word the program knows as a command; each checked. */
export function commandProblems(text: string): string[] {
  const names = new Set(root().commands.flatMap((c) => [c.name(), ...c.aliases()]));
  return namedCommands(text)
    .filter((line) => names.has(line.split(' ')[0] ?? ''))
    .map(commandProblem)
    .filter((problem): problem is string => problem !== undefined);
}

/** All commands named in the text that start with a command word (for asserting that the test saw some). */
export function knownCommandLines(text: string): string[] {
  const names = new Set(root().commands.flatMap((c) => [c.name(), ...c.aliases()]));
  return namedCommands(text).filter((line) => names.has(line.split(' ')[0] ?? ''));
}
