import type { Command } from '@commander-js/extra-typings';
import { answerDiff, type DiffQuestion } from '../../app/diff/diff-question.ts';
import { parseSince } from '../../app/diff/history-diff.ts';
import { gatedLookup } from '../../app/scan/credential-gate.ts';
import type { CredentialEntry } from '../../config/config-schema.ts';
import { UsageError } from '../../errors/index.ts';
import type { Store } from '../../store/index.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, DEVICE_ARGUMENT_HELP, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { colorEnabled } from '../output/color.ts';
import { diffAnswerJson, diffAnswerText } from '../output/diff-text.ts';

const DIFF_HELP = `
Examples:
  iotwarden diff garage-door bedroom-fan       how two devices differ, read from them now
  iotwarden diff --peers garage-door           where it is the odd one out among devices of its model
  iotwarden diff garage-door --since 7d        what changed in its configuration (from scan snapshots)

Fields that always differ (ids, MACs, names, addresses, uptime, clocks, counters) are left out. Reading devices
now uses the credentials in iotwarden.yaml, only with devices you trusted (iotwarden trust --help) and only while
they present the identity they are bound to; a device that cannot be read falls back to its latest snapshot.`;

interface DiffFlags {
  peers?: true;
  since?: string;
  stored?: true;
  config?: string;
}

/** A pair read live: the devices are read with the configured credentials, through the trust gate (issue 8). */
interface PendingLive {
  entries: CredentialEntry[];
}

/** Exactly one of: a second device, --peers, --since. */
function diffQuestion(
  device: string,
  other: string | undefined,
  flags: DiffFlags,
  deps: CliDeps,
): { question: DiffQuestion; live?: PendingLive } {
  const modes = [flags.peers === true, flags.since !== undefined, other !== undefined].filter(Boolean).length;
  if (modes !== 1) {
    throw new UsageError(
      'give exactly one of: a second device, --peers, or --since <when> (see iotwarden diff --help)',
    );
  }
  if (flags.peers) return { question: { kind: 'peers', device } };
  if (flags.since !== undefined) {
    return { question: { kind: 'since', device, sinceMs: parseSince(flags.since, deps.clock.now()) } };
  }
  const question: DiffQuestion = { kind: 'pair', device, other: other as string, live: undefined };
  if (flags.stored) return { question };
  return { question, live: { entries: readConfig(flags.config, deps).config.credentials } };
}

/** Completes a live pair question with the trust-gated credentials, once the inventory's trust can be read. */
async function withCredentials(
  store: Store,
  asked: { question: DiffQuestion; live?: PendingLive },
  deps: CliDeps,
): Promise<DiffQuestion> {
  const { question, live } = asked;
  if (question.kind !== 'pair' || !live) return question;
  const credentials = await gatedLookup(store, live.entries, deps.env);
  return { ...question, live: { credentials, log: deps.logger('warn') } };
}

/** `diff`: configuration differences between devices, among peers, and over time. */
export function registerDiffCommand(program: Command, deps: CliDeps): void {
  program
    .command('diff')
    .description('compare device configurations: two devices, a device against its peers, or a device over time')
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .argument('[other]', 'the device to compare with')
    .option('--peers', 'rank the settings in which <device> differs from every other device of its model')
    .option('--since <when>', 'what changed on <device> since then: 7d, 12h, 30m or a date')
    .option('--stored', 'compare the latest stored snapshots instead of reading the devices now')
    .option('--json', 'print as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', DIFF_HELP)
    .action(async (device, other, options) => {
      const asked = diffQuestion(device, other, options, deps);
      const answer = await withStore(
        options.db,
        deps,
        async (store) => answerDiff(store, await withCredentials(store, asked, deps)),
        { readonly: true },
      );
      const color = colorEnabled(deps.out, deps.env);
      deps.out.write(options.json ? jsonText(diffAnswerJson(answer)) : diffAnswerText(answer, color));
    });
}
