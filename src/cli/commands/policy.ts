import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { learnProfiles } from '../../app/policy/learn-profiles.ts';
import { loadPolicy } from '../../app/policy/load-policy.ts';
import { type ExportFormat, exportPolicy, generatePolicyFile } from '../../app/policy/policy-use-cases.ts';
import { previewPolicy } from '../../app/policy/preview-policy.ts';
import { diffProfile } from '../../app/policy/profile-diff.ts';
import { parseDurationMs } from '../../config/firmware-policy-schema.ts';
import { IotwardenError, UsageError } from '../../errors/index.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, DEVICE_ARGUMENT_HELP, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { diffText, eventsText, learnText, previewText } from '../output/policy-text.ts';

const DAY_MS = 86_400_000;

const HELP = `
Zero trust, step by step (README "Zero trust"):
  iotwarden policy learn                         learn each device's profile from flows and DNS answers
  iotwarden policy generate --out policy.yaml    a readable policy from the profiles; edit it
  iotwarden policy check policy.yaml             validate it (line numbers)
  iotwarden policy preview policy.yaml           what it would block, from the last days' traffic
  iotwarden policy export policy.yaml --format nftables --out-dir out/   (or openwrt, mud)`;

function days(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const ms = parseDurationMs(/^\d+$/.test(text) ? `${text}d` : text);
  if (ms === undefined || ms < DAY_MS)
    throw new UsageError(`${flag} needs a number of days such as 7 or 14d, not "${text}"`);
  return Math.round(ms / DAY_MS);
}

function registerLearn(policy: Command, deps: CliDeps): void {
  policy
    .command('learn')
    .description("learn each device's communication profile from the stored flows and DNS answers")
    .option('--window <days>', 'how far back to look (default 14 days)')
    .option('--min-days <days>', 'days of traffic before a profile counts as learned (default 7)')
    .option('--json', 'print the result as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const { config } = readConfig(options.config, deps);
      const result = await withStore(options.db, deps, (store) =>
        learnProfiles(store, config, {
          nowMs: deps.clock.now(),
          windowDays: days(options.window, 14, '--window'),
          minDays: days(options.minDays, 7, '--min-days'),
        }),
      );
      deps.out.write(options.json ? jsonText(result) : learnText(result));
    });
}

function registerGenerate(policy: Command, deps: CliDeps): void {
  policy
    .command('generate')
    .description('write a policy (YAML) from the learned profiles, for you to review and edit')
    .argument('[devices...]', `only these devices (${DEVICE_ARGUMENT_HELP})`)
    .option('--out <file>', 'write it to this file instead of printing it')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (devices, options) => {
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
    });
}

function registerCheckAndPreview(policy: Command, deps: CliDeps): void {
  policy
    .command('check')
    .description('validate a policy file (exit 2 with the line of the first mistake)')
    .argument('<file>', 'the policy YAML')
    .action((file) => {
      const document = loadPolicy(file);
      deps.out.write(`✓ ${sanitizeText(file)}: ${document.devices.length} device policies\n`);
    });
  policy
    .command('preview')
    .description("replay the last days' flows against a policy: what it would block and what that breaks")
    .argument('<file>', 'the policy YAML')
    .option('--days <days>', 'how many days of traffic to replay (default 7)')
    .option('--json', 'print the preview as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (file, options) => {
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
    });
}

const FORMATS: readonly ExportFormat[] = ['nftables', 'openwrt', 'mud'];

function registerExport(policy: Command, deps: CliDeps): void {
  policy
    .command('export')
    .description('turn a policy into nftables (+ dnsmasq nftset lines), OpenWrt fw4 UCI, or RFC 8520 MUD files')
    .argument('<file>', 'the policy YAML')
    .requiredOption('--format <format>', FORMATS.join('|'))
    .option('--out-dir <dir>', 'write the files here instead of printing them')
    .option('--no-check', 'do not validate the nftables ruleset with nft -c')
    .option('--json', 'print the files and warnings as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (file, options) => {
      const format = options.format as ExportFormat;
      if (!FORMATS.includes(format))
        throw new UsageError(`--format is one of ${FORMATS.join(', ')}, not "${options.format}"`);
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
    });
}

/** `policy learn|show|diff|generate|check|preview|export|events`: zero trust, from traffic to enforced rules. */
export function registerPolicyCommands(program: Command, deps: CliDeps): void {
  const policy = program
    .command('policy')
    .description('zero trust: learn what each device needs, review a policy, preview it, export it')
    .addHelpText('after', HELP);
  registerLearn(policy, deps);
  policy
    .command('diff')
    .description("what changed between two versions of a device's learned profile")
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option('--from <version>', 'older version (default: the one before --to)')
    .option('--to <version>', 'newer version (default: the newest)')
    .option('--json', 'print as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (device, options) => {
      const { config } = readConfig(options.config, deps);
      const versions = {
        ...(options.from ? { from: Number(options.from) } : {}),
        ...(options.to ? { to: Number(options.to) } : {}),
      };
      const diff = await withStore(options.db, deps, (store) => diffProfile(store, config, device, versions), {
        readonly: true,
      });
      deps.out.write(options.json ? jsonText(diff) : diffText(diff));
    });
  registerGenerate(policy, deps);
  registerCheckAndPreview(policy, deps);
  registerExport(policy, deps);
  policy
    .command('events')
    .description('what happened after learning: new destinations, per device')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const events = await withStore(options.db, deps, async (store) => store.profiles.events(), { readonly: true });
      deps.out.write(options.json ? jsonText({ events }) : eventsText(events));
    });
}
