import type { Command } from '@commander-js/extra-typings';
import { collectFlows } from '../../app/flows/collect-flows.ts';
import { importConntrack } from '../../app/flows/import-conntrack.ts';
import { parseDurationMs } from '../../config/firmware-policy-schema.ts';
import { UsageError } from '../../errors/index.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { DB_OPTION_HELP, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { parseListen } from '../listen-address.ts';
import { collectText, conntrackText, flowSourcesText } from '../output/flows-text.ts';

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
    .action(async (options) => {
      const { address, port } = parseListen(options.listen);
      const durationMs = options.duration === undefined ? undefined : parseDurationMs(options.duration);
      if (options.duration !== undefined && durationMs === undefined) {
        throw new UsageError(`--duration needs a time such as 30s, 10m or 2h, not "${options.duration}"`);
      }
      const interrupt = deps.interrupt();
      const result = await withStore(options.db, deps, (store) =>
        collectFlows(store, {
          address,
          port,
          signal: interrupt.signal,
          ...(durationMs === undefined ? {} : { durationMs }),
          onListening: (where) => deps.err.write(`iotwarden: collecting flows on ${where.address}:${where.port}\n`),
        }),
      ).finally(interrupt.dispose);
      deps.out.write(options.json ? jsonText(result) : collectText(result));
    });
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
    .action(async (options) => {
      const stdin = options.conntrack === '-';
      const location = stdin ? `stdin:${options.name ?? 'conntrack'}` : options.conntrack;
      const result = await withStore(options.db, deps, (store) =>
        importConntrack(store, {
          ...(stdin ? { input: process.stdin } : { file: options.conntrack }),
          location,
          nowMs: deps.clock.now(),
        }),
      );
      deps.out.write(options.json ? jsonText(result) : conntrackText(result));
    });
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
    .action(async (options) => {
      const sources = await withStore(options.db, deps, async (store) => store.flows.sources());
      deps.out.write(options.json ? jsonText({ sources }) : flowSourcesText(sources));
    });
}
