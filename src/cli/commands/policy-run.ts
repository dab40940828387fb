/** `policy learn|diff|generate|check|preview|export|events`, the implementation (definitions in policy.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '../../app/policy/export-formats.ts';
import { learnProfiles } from '../../app/policy/learn-profiles.ts';
import { loadPolicy } from '../../app/policy/load-policy.ts';
import { exportPolicy, generatePolicyFile } from '../../app/policy/policy-use-cases.ts';
import { previewPolicy } from '../../app/policy/preview-policy.ts';
import { diffProfile } from '../../app/policy/profile-diff.ts';
import { parseDurationMs } from '../../config/firmware-policy-schema.ts';
import { IotwardenError, UsageError } from '../../errors/index.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { diffText, eventsText, learnText, previewText } from '../output/policy-text.ts';

const DAY_MS = 86_400_000;

/** The flags most policy commands take. */
interface StoreFlags {
  json?: true | undefined;
  config?: string | undefined;
  db?: string | undefined;
}

function days(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const ms = parseDurationMs(/^\d+$/.test(text) ? `${text}d` : text);
  if (ms === undefined || ms < DAY_MS)
    throw new UsageError(`${flag} needs a number of days such as 7 or 14d, not "${text}"`);
  return Math.round(ms / DAY_MS);
}

export async function runPolicyLearn(
  options: StoreFlags & { window?: string | undefined; minDays?: string | undefined },
  deps: CliDeps,
): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const result = await withStore(options.db, deps, (store) =>
    learnProfiles(store, config, {
      nowMs: deps.clock.now(),
      windowDays: days(options.window, 14, '--window'),
      minDays: days(options.minDays, 7, '--min-days'),
    }),
  );
  deps.out.write(options.json ? jsonText(result) : learnText(result));
}

export async function runPolicyDiff(
  device: string,
  options: StoreFlags & { from?: string | undefined; to?: string | undefined },
  deps: CliDeps,
): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const versions = {
    ...(options.from ? { from: Number(options.from) } : {}),
    ...(options.to ? { to: Number(options.to) } : {}),
  };
  const diff = await withStore(options.db, deps, (store) => diffProfile(store, config, device, versions), {
    readonly: true,
  });
  deps.out.write(options.json ? jsonText(diff) : diffText(diff));
}

export async function runPolicyGenerate(
  devices: string[],
  options: Omit<StoreFlags, 'json'> & { out?: string | undefined },
  deps: CliDeps,
): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const result = await withStore(options.db, deps, (store) => generatePolicyFile(store, config, { devices }), {
    readonly: true,
  });
  if (options.out) {
    writeFileSync(options.out, result.text, { mode: 0o644 });
    deps.err.write(`iotwarden: wrote ${result.document.devices.length} device policies to ${options.out}\n`);
  } else deps.out.write(result.text);
  if (result.withoutProfile.length > 0) {
    deps.err.write(`${sanitizeText(`iotwarden: no profile yet for ${result.withoutProfile.join(', ')}`)}\n`);
  }
}

export function runPolicyCheck(file: string, deps: CliDeps): void {
  const document = loadPolicy(file);
  deps.out.write(`✓ ${sanitizeText(file)}: ${document.devices.length} device policies\n`);
}

export async function runPolicyPreview(
  file: string,
  options: StoreFlags & { days?: string | undefined },
  deps: CliDeps,
): Promise<void> {
  const document = loadPolicy(file);
  const { config } = readConfig(options.config, deps);
  const preview = await withStore(
    options.db,
    deps,
    (store) =>
      previewPolicy(store, config, document, { nowMs: deps.clock.now(), days: days(options.days, 7, '--days') }),
    { readonly: true },
  );
  deps.out.write(options.json ? jsonText(preview) : previewText(preview));
}

/** The options `policy export` parses. */
export interface PolicyExportOptions extends StoreFlags {
  format: string;
  outDir?: string | undefined;
  check: boolean;
}

export async function runPolicyExport(file: string, options: PolicyExportOptions, deps: CliDeps): Promise<void> {
  const format = options.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format))
    throw new UsageError(`--format is one of ${EXPORT_FORMATS.join(', ')}, not "${options.format}"`);
  const document = loadPolicy(file);
  const { config } = readConfig(options.config, deps);
  const result = await withStore(
    options.db,
    deps,
    (store) => exportPolicy(store, config, document, format, { check: options.check }),
    { readonly: true },
  );
  const check = result.nftCheck;
  if (check?.checked && !check.ok) {
    throw new IotwardenError('ERR_POLICY_EXPORT', `nft -c refused the ruleset (nothing written):\n${check.error}`);
  }
  for (const w of result.warnings) deps.err.write(`${sanitizeText(`iotwarden: warning: ${w}`)}\n`);
  if (check && !check.checked) deps.err.write(`iotwarden: the ruleset was not checked: ${check.reason}\n`);
  if (options.json) deps.out.write(jsonText(result));
  else if (options.outDir) {
    mkdirSync(options.outDir, { recursive: true });
    for (const [name, text] of Object.entries(result.files)) writeFileSync(join(options.outDir, name), text);
    deps.out.write(`✓ wrote ${Object.keys(result.files).join(', ')} to ${sanitizeText(options.outDir)}\n`);
  } else for (const [name, text] of Object.entries(result.files)) deps.out.write(`# ==> ${name} <==\n${text}`);
}

export async function runPolicyEvents(
  options: { json?: true | undefined; db?: string | undefined },
  deps: CliDeps,
): Promise<void> {
  const events = await withStore(options.db, deps, async (store) => store.profiles.events(), { readonly: true });
  deps.out.write(options.json ? jsonText({ events }) : eventsText(events));
}
