/**
 * `iotwarden dns import --dnsmasq-log FILE --answers-only`: reads only the answers of a dnsmasq-format log (name →
 * address), for homes whose queries already come in through another source. Pi-hole is the example: its database
 * keeps a reply's type but not the address (query_storage.reply_type, ../shared/fixtures/pihole), while its
 * dnsmasq-format log (/var/log/pihole/pihole.log) has the `reply x is 1.2.3.4` lines. Reading the same lines again
 * changes nothing (answers are stored idempotently), so there is no cursor.
 */
import { DnsmasqLogSource } from '../../sources/dnsmasq/log-source.ts';
import type { DnsImportSink } from '../../sources/source.ts';
import type { DnsAnswer } from '../../sources/types.ts';
import type { Store } from '../../store/index.ts';

const BATCH = 10_000;

export interface AnswerImportResult {
  file: string;
  answers: number;
  limitations: string[];
}

export async function importDnsAnswers(
  store: Store,
  file: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<AnswerImportResult> {
  let batch: DnsAnswer[] = [];
  let total = 0;
  const flush = (): void => {
    store.dnsAnswers.record(batch);
    total += batch.length;
    batch = [];
  };
  const sink: DnsImportSink = {
    add: () => undefined,
    addKeyed: () => undefined,
    skip: () => undefined,
    checkpoint: () => undefined,
    answer: (answer) => {
      batch.push(answer);
      if (batch.length >= BATCH) flush();
    },
  };
  const outcome = await new DnsmasqLogSource(file, { answersOnly: true }).read(undefined, sink, {
    signal: options.signal ?? new AbortController().signal,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  flush();
  return { file, answers: total, limitations: outcome.limitations };
}
