/**
 * `trust` and `untrust`: which devices may receive the credentials configured in iotwarden.yaml.
 * The definitions only; trust-run.ts does the work when one of them runs.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { DB_OPTION_HELP, DEVICE_ARGUMENT_HELP } from '../option-help.ts';

const TRUST_HELP = `
A credential in iotwarden.yaml that covers a whole family (every Shelly, every Hue bridge) is only ever sent to
devices you trusted, and only while they present the identity they had when you trusted them: their MAC, their
device id and, where they have TLS, their certificate. Anything else that answers like a Shelly or a Hue bridge
gets nothing, and the scan says what it withheld and why. A credential entry that names one device (address,
mac or deviceId) trusts that device by itself; trustOnFirstUse: true on an entry trusts every new device of its
family on first use.

Examples:
  iotwarden scan --targets 192.168.1.0/24      then review what it found
  iotwarden trust --all-new                    trust every device first seen in that scan (not those in a conflict)
  iotwarden trust garage-door                  trust one device by name, id, address or MAC
  iotwarden trust --list                       what is trusted, and the identity each is bound to
  iotwarden untrust garage-door`;

function registerTrust(program: Command, deps: CliDeps): void {
  program
    .command('trust')
    .description('allow your configured credentials to be used with a device (bound to its identity)')
    .argument('[device]', DEVICE_ARGUMENT_HELP)
    .option('--all-new', 'trust every device first seen in the latest scan, except those in an identity conflict')
    .option('--list', 'list the trusted devices and the identity each is bound to')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', TRUST_HELP)
    .action(async (ref, options) => (await import('./trust-run.ts')).runTrust(ref, options, deps));
}

function registerUntrust(program: Command, deps: CliDeps): void {
  program
    .command('untrust')
    .description('stop using family-wide credentials with a device')
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (ref, options) => (await import('./trust-run.ts')).runUntrust(ref, options, deps));
}

export function registerTrustCommands(program: Command, deps: CliDeps): void {
  registerTrust(program, deps);
  registerUntrust(program, deps);
}
