/** `catalogue update|show|sign`, the implementation: loaded only when one of them runs (definition in catalogue.ts). */
import { updateCatalogue } from '../../app/firmware/catalogue-update.ts';
import { catalogueSummary } from '../../app/firmware/firmware-views.ts';
import { signCatalogueFile } from '../../app/firmware/sign-catalogue-file.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import type { CliDeps } from '../deps.ts';
import { type StoreFlags, withFirmware } from '../firmware-context.ts';
import { catalogueText, catalogueUpdateText } from '../output/catalogue-text.ts';

/** The options `catalogue update` parses. */
export interface CatalogueUpdateOptions extends StoreFlags {
  from: string;
  signature?: string | undefined;
  json?: true | undefined;
}

export async function runCatalogueUpdate(options: CatalogueUpdateOptions, deps: CliDeps): Promise<void> {
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
}

/** The options `catalogue sign` parses. */
export interface CatalogueSignOptions {
  key: string;
  embed?: true | undefined;
  output?: string | undefined;
}

export function runCatalogueSign(file: string, options: CatalogueSignOptions, deps: CliDeps): void {
  const request = { file, keyFile: options.key, embed: options.embed === true, output: options.output };
  const signed = signCatalogueFile(request);
  if (signed.written === undefined) return void deps.out.write(signed.text);
  const where = sanitizeText(signed.written);
  deps.err.write(`Signed catalogue serial ${signed.serial} with ${sanitizeText(signed.keyId)}: ${where}\n`);
}

export async function runCatalogueShow(
  options: StoreFlags & { json?: true | undefined },
  deps: CliDeps,
): Promise<void> {
  const info = await withFirmware(options, deps, 'read', async ({ catalogue }) => catalogueSummary(catalogue));
  deps.out.write(options.json ? jsonText(info) : catalogueText(info));
}
