/** Terminal text of `catalogue update` and `catalogue show`. Origins and key ids come from files: sanitised. */
import type { CatalogueUpdateResult } from '../../app/firmware/catalogue-update.ts';
import type { CatalogueSummary } from '../../app/firmware/firmware-views.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';

export function catalogueUpdateText(result: CatalogueUpdateResult): string {
  if (!result.changed) return `Catalogue serial ${result.serial} is already in use; nothing changed.\n`;
  return `${sanitizeText(
    `Catalogue updated: serial ${result.previousSerial} → ${result.serial} (published ${result.published}, signed by ${result.keyId}).`,
  )}\n`;
}

export function catalogueText(info: CatalogueSummary): string {
  return `${sanitizeText(
    `Catalogue serial ${info.serial}, published ${info.published}, ${info.origin} (${info.source}), signed by ${info.keyId}; ${info.models} model entries, ${info.advisories} advisories.`,
  )}\n`;
}
