/**
 * Turns dnsmasq's answer lines into name → address answers (for naming flows). dnsmasq logs one line per record of
 * a reply (dnsmasq 2.90 cache.c log_query): `reply www.example.com is <CNAME>`, then `reply
 * e1.edge.example is 192.0.2.7`. With `log-queries=extra` every line carries the query's serial, so the records of
 * one reply are tied together exactly; without it, the records of one reply are consecutive lines, and a `<CNAME>`
 * line starts a chain that the following address lines continue. Each address is recorded under its own name and
 * under the name the client asked for (the chain's head).
 */
import { isIP } from 'node:net';
import type { DnsAnswer } from '../types.ts';
import type { DnsmasqLine } from './line-parser.ts';

/** Lines that carry a real answer from upstream or the cache; `config` and hosts-file answers are local overrides. */
const ANSWER_SOURCES = new Set(['reply', 'cached', 'cached-stale']);
/** Serials of open CNAME chains remembered at most (a busy resolver interleaves a few hundred queries). */
const MAX_CHAINS = 4096;

type AnswerLine = Extract<DnsmasqLine, { kind: 'answer' }>;

export class DnsmasqAnswerTracker {
  /** serial (or '' without log-queries=extra) → the name the chain started at. */
  readonly #chains = new Map<string, string>();

  /** A non-answer line ends an unserialised chain: the reply it belonged to is over. */
  other(): void {
    this.#chains.delete('');
  }

  /** The answers one line gives (none for CNAME links, blocks and non-address values). */
  answer(line: AnswerLine, timeMs: number): DnsAnswer[] {
    const key = line.serial ?? '';
    if (!ANSWER_SOURCES.has(line.source)) {
      this.#chains.delete(key);
      return [];
    }
    const head = this.#chains.get(key);
    if (line.value === '<CNAME>') {
      if (head === undefined) this.#remember(key, line.name);
      return [];
    }
    const address = line.value.toLowerCase();
    if (!isIP(address)) return [];
    const client = line.client ?? '';
    const answers: DnsAnswer[] = [{ domain: line.name, address, client, timeMs }];
    if (head !== undefined && head !== line.name) answers.push({ domain: head, address, client, timeMs });
    return answers;
  }

  #remember(key: string, name: string): void {
    if (this.#chains.size >= MAX_CHAINS) {
      const oldest = this.#chains.keys().next().value;
      if (oldest !== undefined) this.#chains.delete(oldest);
    }
    this.#chains.set(key, name);
  }
}
