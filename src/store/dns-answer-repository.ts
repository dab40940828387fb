/**
 * Which addresses DNS names resolved to (migration 008 `dns_answers`), per name, address and asking client ('' when
 * the source does not say who asked). The traffic analysis names a flow's destination with it.
 */
import type { DnsAnswer } from '../sources/types.ts';
import type { DatabaseHandle } from './database.ts';
import { RawAccess } from './raw-access.ts';

export interface StoredDnsAnswer {
  domain: string;
  address: string;
  client: string;
  answers: number;
  firstMs: number;
  lastMs: number;
}

export class DnsAnswerRepository {
  readonly #raw: RawAccess;

  constructor(handle: DatabaseHandle) {
    this.#raw = new RawAccess(handle.raw, handle.file);
  }

  /**
   * Adds answers (one transaction); the same name, address and client widen their time range and count only when
   * newer than what is stored, so reading the same log lines again changes nothing.
   */
  record(answers: readonly DnsAnswer[]): void {
    if (answers.length === 0) return;
    this.#raw.write('store DNS answers in', () => {
      const upsert = this.#raw.db.prepare(
        `INSERT INTO dns_answers (address, domain, client, answers, first_ms, last_ms) VALUES (?, ?, ?, 1, ?, ?)
         ON CONFLICT (address, domain, client) DO UPDATE SET answers = answers + (excluded.last_ms > last_ms),
           first_ms = min(first_ms, excluded.first_ms), last_ms = max(last_ms, excluded.last_ms)`,
      );
      for (const a of answers) upsert.run(a.address, a.domain, a.client, a.timeMs, a.timeMs);
    });
  }

  /** Every stored answer, by address then name. */
  all(): StoredDnsAnswer[] {
    const rows = this.#raw.read('read DNS answers from', () =>
      this.#raw.db.prepare('SELECT * FROM dns_answers ORDER BY address, domain, client').all(),
    ) as Array<{ address: string; domain: string; client: string; answers: number; first_ms: number; last_ms: number }>;
    return rows.map((r) => ({
      domain: r.domain,
      address: r.address,
      client: r.client,
      answers: r.answers,
      firstMs: r.first_ms,
      lastMs: r.last_ms,
    }));
  }
}
