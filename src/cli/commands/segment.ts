import type { Command } from '@commander-js/extra-typings';
import { auditSegments } from '../../app/segment/segment-audit.ts';
import { planSegments } from '../../app/segment/segment-plan.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { auditText, planText } from '../output/segment-text.ts';

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
    .action(async (options) => {
      const { config } = readConfig(options.config, deps);
      const interrupt = deps.interrupt();
      const audit = await withStore(
        options.db,
        deps,
        (store) =>
          auditSegments(store, config, {
            ...(options.source ? { source: options.source } : {}),
            internet: options.internet ?? [],
            timeoutMs: Math.max(100, Math.min(30_000, Number(options.timeout) || 1500)),
            signal: interrupt.signal,
          }),
        { readonly: true },
      ).finally(interrupt.dispose);
      deps.out.write(options.json ? jsonText(audit) : auditText(audit));
    });
  segment
    .command('plan')
    .description('which devices go on which VLAN/SSID, and which rules must cross between them')
    .option('--json', 'print the plan as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const { config } = readConfig(options.config, deps);
      const plan = await withStore(options.db, deps, (store) => planSegments(store, config), { readonly: true });
      deps.out.write(options.json ? jsonText(plan) : planText(plan));
    });
}
