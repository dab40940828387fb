/** `segment audit` and `segment plan`: the definitions; segment-run.ts does the work when one of them runs. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

const AUDIT_HELP = `
Run it on a machine in the IoT network (or give --source, an address of this host on it). It tries TCP connections
to the trusted devices (roles home-assistant, owner-devices, trusted), the admin interfaces (roles router, nas) and
the internet hosts you name, and reports what it reached. It probes only addresses inside networks: in
iotwarden.yaml, and internet hosts only when you name them.

Example:
  iotwarden segment audit --internet 1.1.1.1:443`;

/** `segment audit` and `segment plan`: is the IoT network separated, and how to separate it. */
export function registerSegmentCommands(program: Command, deps: CliDeps): void {
  const segment = program.command('segment').description('audit network segmentation, or plan VLANs for your devices');
  segment
    .command('audit')
    .description('from the IoT network: can devices reach trusted devices, admin interfaces, the internet?')
    .option('--source <address>', 'connect from this local address (the vantage point)')
    .option('--internet <host:port...>', 'internet hosts to try (nothing on the internet is tried otherwise)')
    .option('--timeout <ms>', 'per connection attempt', '1500')
    .option('--json', 'print the audit as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', AUDIT_HELP)
    .action(async (options) => (await import('./segment-run.ts')).runSegmentAudit(options, deps));
  segment
    .command('plan')
    .description('which devices go on which VLAN/SSID, and which rules must cross between them')
    .option('--json', 'print the plan as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => (await import('./segment-run.ts')).runSegmentPlan(options, deps));
}
