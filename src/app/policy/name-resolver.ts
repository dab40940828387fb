/**
 * Names the internet side of a flow from the DNS answers the home's resolver gave: the name the device itself was
 * told resolves to that address wins (it asked for it), else the name most answers gave anyone. Several names on
 * one address (a CDN edge) keep only the best one, so one flow never becomes two destinations.
 */
import type { StoredDnsAnswer } from '../../store/index.ts';

export class NameResolver {
  readonly #byAddress = new Map<string, StoredDnsAnswer[]>();

  constructor(answers: readonly StoredDnsAnswer[]) {
    for (const answer of answers) {
      const list = this.#byAddress.get(answer.address) ?? [];
      list.push(answer);
      this.#byAddress.set(answer.address, list);
    }
  }

  /** The name `client` most likely used for `address`, or undefined when no answer named it. */
  nameOf(address: string, client: string): string | undefined {
    const answers = this.#byAddress.get(address);
    if (!answers) return undefined;
    const own = answers.filter((a) => a.client === client);
    const pool = own.length > 0 ? own : answers;
    const best = [...pool].sort((a, b) => b.answers - a.answers || a.domain.localeCompare(b.domain))[0];
    return best?.domain;
  }

  /** Every address a name (or any name under `*.suffix`) resolved to, sorted. */
  addressesOf(name: string, options: { suffix?: boolean } = {}): string[] {
    const found = new Set<string>();
    for (const [address, answers] of this.#byAddress) {
      const match = answers.some((a) => a.domain === name || (options.suffix && a.domain.endsWith(`.${name}`)));
      if (match) found.add(address);
    }
    return [...found].sort();
  }
}
