/** `iotwarden demo`: the command's definition; the implementation is demo-run.ts, loaded when it runs. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';

const DEMO_HELP = `
The demo needs no root and no network: the seed home runs on 127.77.1.0/24 (loopback). It uses its own
database (next to your inventory, named demo.db) and starts it fresh on every run, so it never mixes lab
devices into your real inventory. The household's Shelly password, Hue key and (lab) TP-Link account are
configured as a user would; they are used only with devices the owner trusted, so the demo looks once, trusts
what it found (as iotwarden trust --all-new does) and scans again.`;

export function registerDemoCommand(program: Command, deps: CliDeps): void {
  program
    .command('demo')
    .description('start the seed-home lab, scan and audit it, print the findings and write the HTML report')
    .option('--keep', 'leave the lab running after the scan (Ctrl-C to stop)')
    .option('--db <file>', 'database for the demo (default: demo.db beside the inventory; recreated each run)')
    .option('-o, --output <file>', 'where to write the HTML report', 'reports/seed-home.html')
    .addHelpText('after', DEMO_HELP)
    .action(async (options) => (await import('./demo-run.ts')).runDemo(options, deps));
}
