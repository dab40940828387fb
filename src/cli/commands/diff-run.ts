/** `iotwarden diff`, the implementation: loaded only when it runs (definition in diff.ts). */
import { answerDiff, type DiffQuestion } from '../../app/diff/diff-question.ts';
import { parseSince } from '../../app/diff/history-diff.ts';
import { gatedLookup } from '../../app/scan/credential-gate.ts';
import type { CredentialEntry } from '../../config/config-schema.ts';
import { UsageError } from '../../errors/index.ts';
import type { Store } from '../../store/index.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { colorEnabled } from '../output/color.ts';
import { diffAnswerJson, diffAnswerText } from '../output/diff-text.ts';

/** The options `diff` parses. */
export interface DiffFlags {
  peers?: true | undefined;
  since?: string | undefined;
  stored?: true | undefined;
  json?: true | undefined;
  config?: string | undefined;
  db?: string | undefined;
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

/** Answers one diff question and prints it. */
export async function runDiff(
  device: string,
  other: string | undefined,
  options: DiffFlags,
  deps: CliDeps,
): Promise<void> {
  const asked = diffQuestion(device, other, options, deps);
  const answer = await withStore(
    options.db,
    deps,
    async (store) => answerDiff(store, await withCredentials(store, asked, deps)),
    { readonly: true },
  );
  const color = colorEnabled(deps.out, deps.env);
  deps.out.write(options.json ? jsonText(diffAnswerJson(answer)) : diffAnswerText(answer, color));
}
