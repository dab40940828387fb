/** `catalog update --from FILE|URL`, `catalog sign --key PRIVATE.pem FILE` and `catalog show`. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { CATALOGUE_ERROR_CODES, CatalogueError } from '../../app/firmware/catalogue-errors.ts';
import { signCatalogue } from '../../app/firmware/catalogue-sign.ts';
import { updateCatalogue } from '../../app/firmware/catalogue-update.ts';
import { UsageError } from '../../errors/index.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../common-options.ts';
import { type FirmwareCliDeps, withFirmwareContext } from './firmware-read.ts';

export function registerCatalogCommands(program: Command, deps: FirmwareCliDeps): void {
  const group =
    (program.commands.find((command) => command.name() === 'catalog') as unknown as Command | undefined) ??
    program.command('catalog').description('the signed firmware catalogue: versions, fixes and known breakages');

  group
    .command('update')
    .description('verify a signed catalogue (Ed25519, trusted keys only) and use it from now on')
    .requiredOption('--from <file|url>', 'catalogue file or http(s) URL (detached signature: <from>.sig)')
    .option('--signature <file|url>', 'detached signature, when not at <from>.sig')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      await withFirmwareContext(options, deps, false, async ({ firmware, nowMs }) => {
        const result = await updateCatalogue({
          from: options.from,
          ...(options.signature ? { signature: options.signature } : {}),
          store: firmware,
          actor: 'cli',
          nowMs,
          ...(deps.trustedKeys ? { trustedKeys: deps.trustedKeys } : {}),
          ...(deps.bundled ? { bundled: deps.bundled } : {}),
        });
        if (options.json) deps.out.write(`${JSON.stringify(result, null, 2)}\n`);
        else if (!result.changed)
          deps.out.write(`Catalogue serial ${result.serial} is already in use; nothing changed.\n`);
        else
          deps.out.write(
            `Catalogue updated: serial ${result.previousSerial} → ${result.serial} (published ${result.published}, signed by ${result.keyId}).\n`,
          );
      });
    });

  group
    .command('sign')
    .description('for maintainers: sign a catalogue file with an Ed25519 private key (writes FILE.sig)')
    .argument('<file>', 'the catalogue JSON to sign')
    .requiredOption('--key <private.pem>', 'Ed25519 private key in PEM (keep it offline, never in the repository)')
    .option('--embed', 'write one signed envelope (catalogue + signature) instead of a detached FILE.sig')
    .option('-o, --output <file>', 'where to write (default FILE.sig, or stdout with --embed)')
    .action((file, options) => {
      const bytes = readOrFail(file, 'catalogue');
      const signed = signCatalogue(bytes, readOrFail(options.key, 'private key').toString('utf8'), file);
      const text = options.embed ? signed.envelope : `${JSON.stringify(signed.signature, null, 2)}\n`;
      const output = options.output ?? (options.embed ? undefined : `${file}.sig`);
      if (output === undefined) {
        deps.out.write(text);
        return;
      }
      writeFileSync(output, text);
      deps.err.write(`Signed catalogue serial ${signed.serial} with ${signed.signature.keyId}: ${output}\n`);
    });

  group
    .command('show')
    .description('which catalogue is in use: serial, publication date, origin and signing key')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      await withFirmwareContext(options, deps, true, async ({ catalogue }) => {
        const info = {
          serial: catalogue.serial,
          published: catalogue.document.published,
          origin: catalogue.origin.kind,
          source: catalogue.origin.source,
          keyId: catalogue.origin.keyId,
          sha256: catalogue.origin.sha256,
          models: catalogue.document.models.length,
          advisories: catalogue.advisories.length,
        };
        if (options.json) deps.out.write(`${JSON.stringify(info, null, 2)}\n`);
        else
          deps.out.write(
            `Catalogue serial ${info.serial}, published ${info.published}, ${info.origin} (${info.source}), signed by ${info.keyId}; ${info.models} model entries, ${info.advisories} advisories.\n`,
          );
      });
    });
}

function readOrFail(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (what === 'catalogue') {
      throw new CatalogueError(CATALOGUE_ERROR_CODES.fetch, `cannot read ${file}: ${code ?? String(error)}`, error);
    }
    throw new UsageError(`cannot read the ${what} ${file}: ${code ?? String(error)}`, {
      code: 'ERR_USAGE',
      cause: error,
    });
  }
}
