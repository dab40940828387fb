import { isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import { gen1Bool } from '../../shelly/simulator/query-flags.ts';

/** At most 5 URLs of at most 256 characters per action (Gen1 API docs, `/settings/actions`). */
const MAX_URLS = 5;
const MAX_URL_LENGTH = 256;

interface ActionEntry {
  index: number;
  urls: string[];
  enabled: boolean;
}

/**
 * `/settings/actions`: the device's URL actions by name and channel. The names come from the device's own
 * `settings.actions.names` (the captures list them); `settings.actions.active` tells whether any action is enabled.
 */
export class Gen1Actions {
  readonly #settings: JsonRecord;
  readonly #entries = new Map<string, ActionEntry[]>();

  constructor(settings: JsonRecord) {
    this.#settings = settings;
  }

  #names(): string[] {
    const actions = this.#settings.actions;
    const names = isRecord(actions) && Array.isArray(actions.names) ? actions.names : [];
    return names.filter((name): name is string => typeof name === 'string');
  }

  #entry(name: string, index: number): ActionEntry {
    const list = this.#entries.get(name) ?? [];
    let entry = list.find((item) => item.index === index);
    if (!entry) {
      entry = { index, urls: [], enabled: false };
      list.push(entry);
      this.#entries.set(name, list);
    }
    return entry;
  }

  /** GET /settings/actions. */
  view(): JsonRecord {
    const actions: JsonRecord = {};
    for (const name of this.#names()) {
      const list = this.#entries.get(name) ?? [{ index: 0, urls: [], enabled: false }];
      actions[name] = list.map((entry) => ({ index: entry.index, urls: [...entry.urls], enabled: entry.enabled }));
    }
    return { actions };
  }

  /**
   * `?index=0&name=out_on_url&enabled=true&urls[]=…&urls[]=…`; `urls[]=` (one empty value) deletes the URLs.
   * Returns an error message for an unknown name or a bad index, undefined when nothing was asked.
   */
  apply(params: URLSearchParams): { changed: boolean } | { error: string } {
    const name = params.get('name');
    if (name === null) return { changed: false };
    if (!this.#names().includes(name)) return { error: `Bad value for name!` };
    const index = Number(params.get('index') ?? '0');
    if (!Number.isInteger(index) || index < 0 || index > 15) return { error: 'Bad value for index!' };
    const urls = params.getAll('urls[]');
    if (urls.length > MAX_URLS || urls.some((url) => url.length > MAX_URL_LENGTH))
      return { error: 'Bad value for urls!' };
    const entry = this.#entry(name, index);
    const enabled = params.get('enabled');
    if (enabled !== null) entry.enabled = gen1Bool(enabled);
    if (params.has('urls[]')) entry.urls = urls.filter((url) => url !== '');
    const actions = this.#settings.actions;
    if (isRecord(actions)) {
      actions.active = [...this.#entries.values()].some((list) =>
        list.some((item) => item.enabled && item.urls.length > 0),
      );
    }
    return { changed: true };
  }
}
