/**
 * Walking untrusted JSON without recursion. `JSON.parse` is iterative in V8 and accepts any depth, but every
 * recursive walk over its result (redaction, `JSON.stringify`, `structuredClone`) overflows the stack somewhere
 * near depth 10,000: a device that answers 100,000 nested arrays must not be able to crash an inspection or the
 * store. Real device answers nest fewer than ten levels (the deepest capture in ../shared/fixtures is 7).
 */

/** How deep device JSON is kept; anything below is replaced by {@link TOO_DEEP}. */
export const MAX_JSON_DEPTH = 32;

/** What stands in for a value nested deeper than the limit. */
export const TOO_DEEP = '<nested too deep>';

export interface CopyJsonOptions {
  /** Containers deeper than this (the root is depth 1) become {@link TOO_DEEP}. Default {@link MAX_JSON_DEPTH}. */
  maxDepth?: number;
  /** Maps each non-container value; `key` is its property name, undefined for array items and the root. */
  leaf?: (value: unknown, key: string | undefined) => unknown;
  /** Called once for every container that was cut. */
  onCut?: () => void;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function emptyLike(value: Container): Container {
  return Array.isArray(value) ? [] : {};
}

/** Sets an own property, also for the key `__proto__`, which plain assignment would treat as the prototype. */
function put(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A deep copy of a JSON value, built with an explicit stack, so it never overflows: containers deeper than
 * `maxDepth` are replaced by {@link TOO_DEEP}, and every leaf passes through `leaf`.
 */
export function copyJson(value: unknown, options: CopyJsonOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const leaf = options.leaf ?? ((item: unknown) => item);
  if (!isContainer(value)) return leaf(value, undefined);
  const root = emptyLike(value);
  const stack: Array<{ source: Container; target: Container; depth: number }> = [
    { source: value, target: root, depth: 1 },
  ];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const isArray = Array.isArray(frame.source);
    for (const [key, child] of Object.entries(frame.source)) {
      const slot = isArray ? Number(key) : key;
      if (!isContainer(child)) {
        put(frame.target, slot, leaf(child, isArray ? undefined : key));
      } else if (frame.depth + 1 > maxDepth) {
        options.onCut?.();
        put(frame.target, slot, TOO_DEEP);
      } else {
        const copy = emptyLike(child);
        put(frame.target, slot, copy);
        stack.push({ source: child, target: copy, depth: frame.depth + 1 });
      }
    }
  }
  return root;
}

/** Whether a JSON value nests deeper than `maxDepth`, found without recursion. */
export function deeperThan(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  let cut = false;
  copyJson(value, {
    maxDepth,
    onCut: () => {
      cut = true;
    },
  });
  return cut;
}

/**
 * Short JSON text of any value for evidence and messages: depth-limited so `JSON.stringify` cannot overflow,
 * and cut to `maxChars` (marked with `…`). `undefined` reads as `undefined`.
 */
export function jsonPreview(value: unknown, maxChars = 300): string {
  const text = JSON.stringify(copyJson(value, { maxDepth: 16 })) ?? String(value);
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`;
}
