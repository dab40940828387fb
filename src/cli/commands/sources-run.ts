/** `sources import` and `sources test`, the implementation (definitions in sources.ts). */
import { type DeviceSourceOutcome, importDeviceSources, testDeviceSources } from '../../app/sources/device-sources.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_FAILURE } from '../exit-codes.ts';

/** The options `sources import` and `sources test` parse (`--db` is import's). */
export interface SourcesOptions {
  json?: true | undefined;
  config?: string | undefined;
  db?: string | undefined;
}

function outcomeText(outcomes: readonly DeviceSourceOutcome[], verb: string): string {
  return outcomes
    .map((o) => {
      const where = `${o.ref.source} ${sanitizeText(o.ref.location)}`;
      if (!o.ok) return `✗ ${where}: ${o.code}: ${sanitizeText(o.message)}`;
      const placed = verb === 'import' ? ` (${o.matched} matched, ${o.created} new, not scanned yet)` : '';
      return `✓ ${where}: ${sanitizeText(o.detail)}${placed}`;
    })
    .join('\n')
    .concat('\n');
}

/** The `--json` shape: outcomes as they are; they never hold a secret (tokens are read from the environment only). */
function outcomeJson(outcomes: readonly DeviceSourceOutcome[]): string {
  return jsonText({ sources: outcomes });
}

export async function runSourcesImport(options: SourcesOptions, deps: CliDeps): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const outcomes = await withStore(options.db, deps, (store) => importDeviceSources(store, config, { env: deps.env }));
  deps.out.write(options.json ? outcomeJson(outcomes) : outcomeText(outcomes, 'import'));
  if (outcomes.some((o) => !o.ok)) deps.setExitCode(EXIT_FAILURE);
}

export async function runSourcesTest(options: SourcesOptions, deps: CliDeps): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const outcomes = await testDeviceSources(config, { env: deps.env });
  deps.out.write(options.json ? outcomeJson(outcomes) : outcomeText(outcomes, 'test'));
  if (outcomes.some((o) => !o.ok)) deps.setExitCode(EXIT_FAILURE);
}
