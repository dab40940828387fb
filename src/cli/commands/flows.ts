/** `flows collect|import|status`: the definitions; flows-run.ts does the work when one of them runs. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { DB_OPTION_HELP } from '../option-help.ts';

const COLLECT_HELP = `
Point your router's NetFlow v5/v9 or IPFIX export (or softflowd) at this address. Flows are folded into
conversations per hour and stored once a second. The collector listens only where --listen says: on loopback
unless you give another address.

Examples:
  iotwarden flows collect                                   listen on 127.0.0.1:2055 until Ctrl-C
  iotwarden flows collect --listen 192.168.1.2:2055         for a router on the LAN
  softflowd -i br-lan -n 192.168.1.2:2055 -v 9 -T ether     (on the router: flows with MAC addresses)`;

const IMPORT_HELP = `
Reads the Linux connection tracking table: OpenWrt's /proc/net/nf_conntrack, or the output of conntrack -L.
Imports are incremental: a connection the previous import of the same source counted adds only its new traffic.

Examples:
  ssh root@router cat /proc/net/nf_conntrack | iotwarden flows import --conntrack - --name router
  conntrack -L -o extended > ct.txt && iotwarden flows import --conntrack ct.txt`;

function registerCollect(flows: Command, deps: CliDeps): void {
  flows
    .command('collect')
    .description('receive NetFlow v5/v9 and IPFIX from a router or softflowd and store the flows')
    .option('--listen <address:port>', 'where to listen', '127.0.0.1:2055')
    .option('--duration <time>', 'stop after this long (e.g. 10m), else at Ctrl-C')
    .option('--json', 'print the statistics as JSON when it stops')
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', COLLECT_HELP)
    .action(async (options) => (await import('./flows-run.ts')).runFlowsCollect(options, deps));
}

function registerImport(flows: Command, deps: CliDeps): void {
  flows
    .command('import')
    .description('import a conntrack table (file or stdin) as flows, incrementally')
    .requiredOption(
      '--conntrack <file>',
      "a conntrack table: /proc/net/nf_conntrack's text or conntrack -L output; - for stdin",
    )
    .option('--name <label>', 'name of the source when reading stdin (keeps its state apart from others)')
    .option('--json', 'print the result as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', IMPORT_HELP)
    .action(async (options) => (await import('./flows-run.ts')).runFlowsImport(options, deps));
}

/** `flows collect`, `flows import` and `flows status`: the traffic a zero-trust profile is learned from. */
export function registerFlowsCommands(program: Command, deps: CliDeps): void {
  const flows = program.command('flows').description('collect NetFlow/IPFIX or import conntrack: who talks to whom');
  registerCollect(flows, deps);
  registerImport(flows, deps);
  flows
    .command('status')
    .description('the flow sources, how much each brought, and their last problem')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => (await import('./flows-run.ts')).runFlowsStatus(options, deps));
}
