import { Command } from '@commander-js/extra-typings';
import { registerLabCommand } from './commands/lab.ts';
import { reportCliError, wantsDebug } from './run-cli.ts';

export function buildProgram(): Command {
  const program = new Command('iotwarden')
    .description('Local-first security manager for the smart home: find, audit and explain every connected device.')
    .version('0.1.0')
    .option('--debug', 'show stack traces and debug logs')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerLabCommand(program);
  return program;
}

async function main(): Promise<void> {
  const debug = wantsDebug(process.argv);
  if (debug && !process.env.IOTWARDEN_LOG_LEVEL) process.env.IOTWARDEN_LOG_LEVEL = 'debug';
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    process.exitCode = reportCliError(error, debug);
  }
}

await main();
