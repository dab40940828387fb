import { Command } from '@commander-js/extra-typings';
import { sanitizeText } from '../util/untrusted-text.ts';
import { registerCatalogueCommands } from './commands/catalogue.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDiffCommand } from './commands/diff.ts';
import { registerDnsCommands } from './commands/dns.ts';
import { registerFirmwareCommands } from './commands/firmware.ts';
import { registerFixCommands } from './commands/fix.ts';
import { registerFlowsCommands } from './commands/flows.ts';
import { registerHomeAssistantCommands } from './commands/home-assistant.ts';
import { registerInventoryCommands } from './commands/inventory.ts';
import { registerLabCommand } from './commands/lab.ts';
import { registerPolicyCommands } from './commands/policy.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerRiskCommands } from './commands/risk.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerScanCommand } from './commands/scan.ts';
import { registerSecretsCommands } from './commands/secrets.ts';
import { registerSegmentCommands } from './commands/segment.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSourcesCommands } from './commands/sources.ts';
import { registerTrustCommands } from './commands/trust.ts';
import type { CliDeps } from './deps.ts';
import { HELP_WITHOUT_ALIASES } from './help.ts';

const ROOT_HELP = `
Getting started:
  iotwarden demo                                 try it on the built-in virtual home (no network needed)
  iotwarden scan --targets 192.168.1.0/24        scan your own network (only what you name is scanned)
  iotwarden devices                              what was found, worst first; then iotwarden device <name>
  iotwarden fix plan                             what iotwarden can change for you (a dry run); then fix apply

Every command has --help. Exit codes: 0 success, 1 a failure (device, database, network), 2 a mistake in the
command line or a config file. Settings live in iotwarden.yaml (see the README).`;

/** The whole command tree. Built fresh per call so tests can inspect it without running anything. */
export function buildProgram(deps: CliDeps): Command {
  const program = new Command('iotwarden')
    .description('Local-first security manager for the smart home: find, audit and explain every connected device.')
    .version('0.1.0')
    .option('--debug', 'show stack traces and debug logs')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp(HELP_WITHOUT_ALIASES)
    .addHelpText('after', ROOT_HELP)
    // Set before any subcommand exists, so every subcommand inherits it. Commander's messages echo the command
    // line back (an unknown option, a bad value), which may hold text copied from a device.
    .configureOutput({
      writeOut: (text) => deps.out.write(text),
      writeErr: (text) => deps.err.write(text),
      outputError: (text, write) => write(sanitizeText(text, { multiline: true })),
    });
  registerScanCommand(program, deps);
  registerInventoryCommands(program, deps);
  registerTrustCommands(program, deps);
  registerReportCommand(program, deps);
  registerFirmwareCommands(program, deps);
  registerCatalogueCommands(program, deps);
  registerFixCommands(program, deps);
  registerSecretsCommands(program, deps);
  registerServeCommand(program, deps);
  registerRunCommand(program, deps);
  registerDnsCommands(program, deps);
  registerSourcesCommands(program, deps);
  registerHomeAssistantCommands(program, deps);
  registerDiffCommand(program, deps);
  registerRiskCommands(program, deps);
  registerFlowsCommands(program, deps);
  registerPolicyCommands(program, deps);
  registerSegmentCommands(program, deps);
  registerLabCommand(program, deps);
  registerDemoCommand(program, deps);
  return program;
}
