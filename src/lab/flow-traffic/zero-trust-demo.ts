/**
 * The demo's zero-trust chapter: eight days of the seed home's flows (from the lab's DNS traffic model, one lookup
 * in 25 per device and name, so the demo stays quick), stored as a collector would store them, with the DNS answers that name them; then the
 * profiles are learned (`iotwarden policy learn`), so the seed home has learned profiles to generate a policy from.
 */
import { type LearnResult, learnProfiles } from '../../app/policy/learn-profiles.ts';
import { ConversationAggregator } from '../../sources/flows/conversation.ts';
import { openStore } from '../../store/index.ts';
import { generateQueries } from '../dns-traffic/generate-queries.ts';
import { seedHomeTrafficClients } from '../dns-traffic/seed-home-traffic.ts';
import { flowsForQueries } from './generate-flows.ts';

const DAY_MS = 86_400_000;

export interface ZeroTrustDemoResult {
  flows: number;
  learned: LearnResult;
  summary: string;
}

export async function runZeroTrustDemo(options: {
  db: string;
  prefix?: string;
  days?: number;
  endMs?: number;
  /** Keep one lookup in N per device and name as a flow (default 25). */
  sampleEvery?: number;
}): Promise<ZeroTrustDemoResult> {
  const endMs = options.endMs ?? Date.now();
  const days = options.days ?? 8;
  const queries = generateQueries(seedHomeTrafficClients(options.prefix), {
    startMs: endMs - days * DAY_MS,
    endMs,
    seed: 14,
  });
  const { records, answers } = flowsForQueries(queries, { sampleEvery: options.sampleEvery ?? 25 });
  const aggregator = new ConversationAggregator();
  for (const record of records) aggregator.addRecord(record);
  const store = await openStore(options.db);
  try {
    const source = store.flows.source('netflow', 'lab:seed-home');
    store.flows.commit(source.id, aggregator.drain(), { nowMs: endMs });
    store.dnsAnswers.record(answers);
    const learned = await learnProfiles(store, { roles: {} }, { nowMs: endMs });
    const done = learned.devices.filter((d) => d.status === 'learned').length;
    return {
      flows: records.length,
      learned,
      summary: `Zero trust: learned the traffic profiles of ${done} of ${learned.devices.length} devices from ${records.length} flows (iotwarden policy generate --db … writes their policy).`,
    };
  } finally {
    await store.close();
  }
}
