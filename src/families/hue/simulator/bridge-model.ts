import type { HueResource } from './resources.ts';

/** A CLIP v2 reference to another resource: `{rid, rtype}`. */
export interface ResourceRef {
  rid: string;
  rtype: string;
}

/**
 * One entry of a CLIP v2 `update` event: the resource's identity (`id`, `type`, and `id_v1` and `owner` when it
 * has them) and only the properties that changed, "in the same format as a GET response on the same resource type"
 * (Hue API v2 migration guide, "Event Stream").
 */
export type ResourceChange = Record<string, unknown> & { id: string; type: string };

export type ChangeListener = (changes: ResourceChange[]) => void;

/** What a v1 client set on a light that CLIP v2 has no field for: hue/sat, the colour mode, effect and alert. */
export interface LightV1Extras {
  colormode?: 'hs' | 'xy' | 'ct';
  hue?: number;
  sat?: number;
  effect?: string;
  alert?: string;
}

/**
 * The one bridge datastore behind API v1 and CLIP v2: the CLIP v2 resources (a capture or the lab's built-in set)
 * are the truth, and every v1 view is derived from them on each request, so a light switched over either API reads
 * back the same over both and shows on the event stream. Writes go through {@link update} and {@link publish}.
 */
export class HueBridgeModel {
  readonly #resources: HueResource[];
  readonly #byId = new Map<string, HueResource>();
  readonly #listeners = new Set<ChangeListener>();
  readonly #lightExtras = new Map<string, LightV1Extras>();
  readonly #groupActions = new Map<string, Record<string, unknown>>();

  constructor(resources: HueResource[]) {
    this.#resources = resources;
    for (const resource of resources) this.#byId.set(resource.id, resource);
  }

  /** Every resource, in the capture's order (GET /clip/v2/resource serves them so). */
  list(): readonly HueResource[] {
    return this.#resources;
  }

  ofType(type: string): HueResource[] {
    return this.#resources.filter((r) => r.type === type);
  }

  get(id: string): HueResource | undefined {
    return this.#byId.get(id);
  }

  /** Adds a resource the lab derives (the bridge's own software update record). */
  add(resource: HueResource): void {
    if (this.#byId.has(resource.id)) return;
    this.#resources.push(resource);
    this.#byId.set(resource.id, resource);
  }

  /** The resource of `type` whose `id_v1` is `idV1` (`/lights/3`), if any. */
  byIdV1(type: string, idV1: string): HueResource | undefined {
    return this.#resources.find((r) => r.type === type && r.id_v1 === idV1);
  }

  /** The resource a reference points at, when the model holds it (trimmed captures dangle). */
  resolve(ref: unknown): HueResource | undefined {
    const rid = (ref as { rid?: unknown } | null)?.rid;
    return typeof rid === 'string' ? this.#byId.get(rid) : undefined;
  }

  /** The device that owns a service resource. */
  ownerOf(resource: HueResource): HueResource | undefined {
    return this.resolve(resource.owner);
  }

  /** The services of `rtype` a device (or room, zone, home) lists. */
  servicesOf(owner: HueResource | undefined, rtype: string): HueResource[] {
    const refs = Array.isArray(owner?.services) ? (owner.services as ResourceRef[]) : [];
    return refs
      .filter((ref) => ref.rtype === rtype)
      .map((ref) => this.#byId.get(ref.rid))
      .filter((r): r is HueResource => r !== undefined);
  }

  /**
   * Merges `patch` into the stored resource (objects deeply, anything else replaced) and returns the event entry
   * for it, or undefined when nothing changed.
   */
  update(id: string, patch: Record<string, unknown>): ResourceChange | undefined {
    const resource = this.#byId.get(id);
    if (!resource) return undefined;
    const changed = mergeChanges(resource, patch);
    if (changed === undefined) return undefined;
    return {
      id,
      ...(typeof resource.id_v1 === 'string' ? { id_v1: resource.id_v1 } : {}),
      ...(resource.owner ? { owner: resource.owner } : {}),
      ...changed,
      type: resource.type,
    };
  }

  /** Tells every listener (the event stream) what changed. */
  publish(changes: Array<ResourceChange | undefined>): void {
    const real = changes.filter((c): c is ResourceChange => c !== undefined);
    if (real.length === 0) return;
    for (const listener of this.#listeners) listener(real);
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The v1-only state of a light (created empty on first use). */
  lightExtras(lightId: string): LightV1Extras {
    let extras = this.#lightExtras.get(lightId);
    if (!extras) {
      extras = {};
      this.#lightExtras.set(lightId, extras);
    }
    return extras;
  }

  /** The last v1 `action` sent to a group (v1 shows it back in GET /groups/<id>). */
  groupAction(idV1: string): Record<string, unknown> | undefined {
    return this.#groupActions.get(idV1);
  }

  setGroupAction(idV1: string, action: Record<string, unknown>): void {
    this.#groupActions.set(idV1, { ...this.#groupActions.get(idV1), ...action });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Merges `patch` into `target` in place; returns the part of `patch` that changed something, or undefined. */
function mergeChanges(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current)) {
      const inner = mergeChanges(current, value);
      if (inner !== undefined) changed[key] = inner;
    } else if (JSON.stringify(current) !== JSON.stringify(value)) {
      target[key] = structuredClone(value);
      changed[key] = value;
    }
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}
