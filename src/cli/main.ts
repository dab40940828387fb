import { Command } from '@commander-js/extra-typings';
import { registerDemoCommand } from './commands/demo.ts';
import { registerInventoryCommands } from './commands/inventory.ts';
import { registerLabCommand } from './commands/lab.ts';
import { registerScanCommand } from './commands/scan.ts';
import { reportCliError, wantsDebug } from './run-cli.ts';

export function buildProgram(): Command {
  const program = new Command('iotwarden')
    .description('Local-first security manager for the smart home: find, audit and explain every connected device.')
    .version('0.1.0')
    .option('--debug', 'show stack traces and debug logs')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerScanCommand(program);
  registerInventoryCommands(program);
  registerLabCommand(program);
  registerDemoCommand(program);
  return program;
}

async function main(): Promise<void> {
  // `iotwarden devices | head` closes our stdout early; that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const debug = wantsDebug(process.argv);
  if (debug && !process.env.IOTWARDEN_LOG_LEVEL) process.env.IOTWARDEN_LOG_LEVEL = 'debug';
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    process.exitCode = reportCliError(error, debug);
  }
}

await main();
