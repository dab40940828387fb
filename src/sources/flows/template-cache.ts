/**
 * Templates of NetFlow v9 (RFC 3954 §5.2) and IPFIX (RFC 7011 §3.4) exporters. A template is scoped by the exporter
 * (its address and port: for UDP that is the transport session, RFC 7011 §8) and its observation domain (v9 Source
 * ID), and lives until it is withdrawn or replaced. Memory is bounded: at most `maxTemplatesPerScope` templates per
 * scope (a new id beyond it is refused, so a hostile exporter cannot grow the table) and `maxScopes` scopes (the one
 * used least recently goes first: an exporter that restarted on a new port leaves its old scope behind).
 */

/** IPFIX's marker for a variable-length field (RFC 7011 §7). v9 has no variable-length fields. */
export const VARIABLE_LENGTH = 0xffff;

export interface TemplateField {
  /** Information element id without the enterprise bit. */
  id: number;
  /** 0 for IANA elements; the private enterprise number otherwise. */
  enterprise: number;
  /** Bytes, or VARIABLE_LENGTH. */
  length: number;
  /** A scope field of an options template: it names what the options describe and is not read as a flow field. */
  scope?: true;
}

export interface FlowTemplate {
  id: number;
  fields: readonly TemplateField[];
  /** Options templates (v9 flowset 1, IPFIX set 3) describe exporter metadata, not flows. */
  options: boolean;
  /** Smallest record: fixed fields plus one length byte per variable-length field. */
  minRecordBytes: number;
}

/** What iotwarden remembers per scope besides templates (IPFIX: the exporter's boot time, from options data). */
export interface ScopeState {
  /** systemInitTimeMilliseconds (IE 160): the zero of flowStart/EndSysUpTime in IPFIX. */
  systemInitMs?: number;
}

export interface TemplateLimits {
  maxTemplatesPerScope: number;
  maxScopes: number;
  /** Fields per template; real exporters send a few dozen. */
  maxFieldsPerTemplate: number;
}

export const DEFAULT_TEMPLATE_LIMITS: TemplateLimits = {
  maxTemplatesPerScope: 256,
  maxScopes: 1024,
  maxFieldsPerTemplate: 128,
};

interface Scope {
  templates: Map<number, FlowTemplate>;
  state: ScopeState;
}

/** The templates of every exporter a collector hears. */
export class TemplateCache {
  readonly limits: TemplateLimits;
  /** Map order is recency order: a scope is re-inserted whenever it is used. */
  readonly #scopes = new Map<string, Scope>();

  constructor(limits: Partial<TemplateLimits> = {}) {
    this.limits = { ...DEFAULT_TEMPLATE_LIMITS, ...limits };
  }

  get scopeCount(): number {
    return this.#scopes.size;
  }

  template(scope: string, id: number): FlowTemplate | undefined {
    return this.#scopes.get(scope)?.templates.get(id);
  }

  templateCount(scope: string): number {
    return this.#scopes.get(scope)?.templates.size ?? 0;
  }

  state(scope: string): ScopeState {
    return this.#scopes.get(scope)?.state ?? {};
  }

  /** Stores a template; false when the scope is full and the id is new (the template is refused). */
  define(scope: string, template: FlowTemplate): boolean {
    const entry = this.#touch(scope);
    if (!entry.templates.has(template.id) && entry.templates.size >= this.limits.maxTemplatesPerScope) return false;
    entry.templates.set(template.id, template);
    return true;
  }

  withdraw(scope: string, id: number | 'all'): void {
    const entry = this.#scopes.get(scope);
    if (!entry) return;
    if (id === 'all') entry.templates.clear();
    else entry.templates.delete(id);
  }

  setState(scope: string, state: ScopeState): void {
    this.#touch(scope).state = { ...state };
  }

  #touch(scope: string): Scope {
    let entry = this.#scopes.get(scope);
    if (entry) this.#scopes.delete(scope);
    else {
      entry = { templates: new Map(), state: {} };
      while (this.#scopes.size >= this.limits.maxScopes) {
        const oldest = this.#scopes.keys().next().value;
        if (oldest === undefined) break;
        this.#scopes.delete(oldest);
      }
    }
    this.#scopes.set(scope, entry);
    return entry;
  }
}

type Change =
  | { kind: 'define'; template: FlowTemplate }
  | { kind: 'withdraw'; id: number | 'all' }
  | { kind: 'state'; state: ScopeState };

/**
 * The template changes of one packet, applied only when the whole packet decoded: a packet that turns out to be
 * malformed half way leaves the cache exactly as it was. Reads see the packet's own earlier templates.
 */
export class TemplateOverlay {
  readonly #cache: TemplateCache;
  readonly #scope: string;
  readonly #changes: Change[] = [];
  readonly #defined = new Map<number, FlowTemplate | undefined>();
  #withdrawnAll = false;
  #state: ScopeState | undefined;

  constructor(cache: TemplateCache, scope: string) {
    this.#cache = cache;
    this.#scope = scope;
  }

  get limits(): TemplateLimits {
    return this.#cache.limits;
  }

  template(id: number): FlowTemplate | undefined {
    if (this.#defined.has(id)) return this.#defined.get(id);
    return this.#withdrawnAll ? undefined : this.#cache.template(this.#scope, id);
  }

  /** Whether a new template id still fits in the scope (counting this packet's own additions). */
  hasRoomFor(id: number): boolean {
    if (this.template(id)) return true;
    const base = this.#withdrawnAll ? 0 : this.#cache.templateCount(this.#scope);
    const added = [...this.#defined.entries()].filter(
      ([key, value]) => value && (this.#withdrawnAll || !this.#cache.template(this.#scope, key)),
    ).length;
    return base + added < this.#cache.limits.maxTemplatesPerScope;
  }

  define(template: FlowTemplate): void {
    this.#defined.set(template.id, template);
    this.#changes.push({ kind: 'define', template });
  }

  withdraw(id: number | 'all'): void {
    if (id === 'all') {
      this.#defined.clear();
      this.#withdrawnAll = true;
    } else this.#defined.set(id, undefined);
    this.#changes.push({ kind: 'withdraw', id });
  }

  state(): ScopeState {
    return this.#state ?? this.#cache.state(this.#scope);
  }

  setState(state: ScopeState): void {
    this.#state = state;
    this.#changes.push({ kind: 'state', state });
  }

  /** Applies every change in packet order. */
  commit(): void {
    for (const change of this.#changes) {
      if (change.kind === 'define') this.#cache.define(this.#scope, change.template);
      else if (change.kind === 'withdraw') this.#cache.withdraw(this.#scope, change.id);
      else this.#cache.setState(this.#scope, change.state);
    }
  }
}
