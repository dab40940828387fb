/**
 * `catalogue update|show|sign`: the signed firmware catalogue. The code, the docs and the data files say
 * "catalogue"; `catalog` stays as a hidden alias so scripts written for earlier versions keep working.
 * The definitions only; catalogue-run.ts does the work when a command runs.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

const CATALOGUE_HELP = `
The catalogue lists, per model, the latest firmware, the fixes it brings (CVEs) and updates known to break local
use. A copy is built in; newer ones are Ed25519-signed and checked against trusted keys (see docs/firmware.md).`;

function registerUpdate(group: Command, deps: CliDeps): void {
  group
    .command('update')
    .description('verify a signed catalogue (Ed25519, trusted keys only) and use it from now on')
    .requiredOption('--from <file|url>', 'catalogue file or http(s) URL (detached signature: <from>.sig)')
    .option('--signature <file|url>', 'detached signature, when not at <from>.sig')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => (await import('./catalogue-run.ts')).runCatalogueUpdate(options, deps));
}

function registerSign(group: Command, deps: CliDeps): void {
  group
    .command('sign')
    .description('for maintainers: sign a catalogue file with an Ed25519 private key (writes FILE.sig)')
    .argument('<file>', 'the catalogue JSON to sign')
    .requiredOption('--key <private.pem>', 'Ed25519 private key in PEM (keep it offline, never in the repository)')
    .option('--embed', 'write one signed envelope (catalogue + signature) instead of a detached FILE.sig')
    .option('-o, --output <file>', 'where to write (default FILE.sig, or stdout with --embed)')
    .action(async (file, options) => (await import('./catalogue-run.ts')).runCatalogueSign(file, options, deps));
}

function registerShow(group: Command, deps: CliDeps): void {
  group
    .command('show')
    .description('which catalogue is in use: serial, publication date, origin and signing key')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => (await import('./catalogue-run.ts')).runCatalogueShow(options, deps));
}

export function registerCatalogueCommands(program: Command, deps: CliDeps): void {
  const group = program
    .command('catalogue')
    .alias('catalog')
    .description('the signed firmware catalogue: versions, fixes and known breakages')
    .addHelpText('after', CATALOGUE_HELP);
  registerUpdate(group, deps);
  registerSign(group, deps);
  registerShow(group, deps);
}
