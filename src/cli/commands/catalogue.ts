/**
 * `catalogue update|show|sign`: the signed firmware catalogue. The code, the docs and the data files say
 * "catalogue"; `catalog` stays as a hidden alias so scripts written for earlier versions keep working.
 */
import type { Command } from '@commander-js/extra-typings';
import { updateCatalogue } from '../../app/firmware/catalogue-update.ts';
import { catalogueSummary } from '../../app/firmware/firmware-views.ts';
import { signCatalogueFile } from '../../app/firmware/sign-catalogue-file.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { catalogueText, catalogueUpdateText } from '../output/catalogue-text.ts';
import { withFirmware } from './firmware-context.ts';

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
    .action(async (options) => {
      const result = await withFirmware(options, deps, 'write', ({ firmware, nowMs, actor }) =>
        updateCatalogue({
          from: options.from,
          ...(options.signature ? { signature: options.signature } : {}),
          store: firmware,
          actor,
          nowMs,
          ...(deps.trustedKeys ? { trustedKeys: deps.trustedKeys } : {}),
          ...(deps.bundled ? { bundled: deps.bundled } : {}),
        }),
      );
      deps.out.write(options.json ? jsonText(result) : catalogueUpdateText(result));
    });
}

function registerSign(group: Command, deps: CliDeps): void {
  group
    .command('sign')
    .description('for maintainers: sign a catalogue file with an Ed25519 private key (writes FILE.sig)')
    .argument('<file>', 'the catalogue JSON to sign')
    .requiredOption('--key <private.pem>', 'Ed25519 private key in PEM (keep it offline, never in the repository)')
    .option('--embed', 'write one signed envelope (catalogue + signature) instead of a detached FILE.sig')
    .option('-o, --output <file>', 'where to write (default FILE.sig, or stdout with --embed)')
    .action((file, options) => {
      const request = { file, keyFile: options.key, embed: options.embed === true, output: options.output };
      const signed = signCatalogueFile(request);
      if (signed.written === undefined) return void deps.out.write(signed.text);
      const where = sanitizeText(signed.written);
      deps.err.write(`Signed catalogue serial ${signed.serial} with ${sanitizeText(signed.keyId)}: ${where}\n`);
    });
}

function registerShow(group: Command, deps: CliDeps): void {
  group
    .command('show')
    .description('which catalogue is in use: serial, publication date, origin and signing key')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      const info = await withFirmware(options, deps, 'read', async ({ catalogue }) => catalogueSummary(catalogue));
      deps.out.write(options.json ? jsonText(info) : catalogueText(info));
    });
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
