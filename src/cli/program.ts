import { Command } from '@commander-js/extra-typings';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDiffCommands } from './commands/diff.ts';
import { registerDnsCommands } from './commands/dns.ts';
import { registerFirmwareApplyCommands } from './commands/firmware-apply.ts';
import { registerFirmwareReadCommands } from './commands/firmware-read.ts';
import { registerInventoryCommands } from './commands/inventory.ts';
import { registerLabCommand } from './commands/lab.ts';
import { registerScanCommand } from './commands/scan.ts';

/** The whole command tree. Built fresh per call so tests can inspect it without running anything. */
export function buildProgram(): Command {
  const program = new Command('iotwarden')
    .description('Local-first security manager for the smart home: find, audit and explain every connected device.')
    .version('0.1.0')
    .option('--debug', 'show stack traces and debug logs')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerScanCommand(program);
  registerInventoryCommands(program);
  registerFirmwareReadCommands(program);
  registerFirmwareApplyCommands(program);
  registerDnsCommands(program);
  registerDiffCommands(program);
  registerLabCommand(program);
  registerDemoCommand(program);
  return program;
}
