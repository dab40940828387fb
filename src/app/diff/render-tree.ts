/**
 * Differences as a readable tree: settings grouped under their section, single-child sections folded into one
 * line (`sys.sntp`), each leaf as `key: A → B`. Values come from devices and are sanitised (no escape sequences).
 */
import { sanitizeText } from '../../util/untrusted-text.ts';
import { type ConfigPath, formatLeaf, type Leaf, pathKey } from './flatten-config.ts';

/** One line to show: a path and what each side holds; `note` is appended (a hint, a peer count). */
export interface TreeLeaf {
  path: ConfigPath;
  a: Leaf | undefined;
  b: Leaf | undefined;
  note?: string;
}

interface Node {
  children: Map<string, Node>;
  leaf?: TreeLeaf;
}

/** Renders leaves as an indented tree; `arrow` separates the two sides (`→`, or ` vs ` for peers). */
export function renderDiffTree(leaves: readonly TreeLeaf[], arrow = ' → '): string[] {
  const root: Node = { children: new Map() };
  for (const leaf of leaves) {
    let node = root;
    for (const part of leaf.path) {
      const key = typeof part === 'number' ? `[${part}]` : part;
      let child = node.children.get(key);
      if (!child) {
        child = { children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
    node.leaf = leaf;
  }
  const lines: string[] = [];
  const walk = (node: Node, depth: number): void => {
    for (const [key, child] of node.children) {
      let label = key;
      let current = child;
      // Fold chains of sections with one child: sys → sntp → server reads as "sys.sntp" then "server".
      while (!current.leaf && current.children.size === 1) {
        const [nextKey, next] = [...current.children.entries()][0]!;
        if (next.leaf && next.children.size === 0) break;
        label += nextKey.startsWith('[') ? nextKey : `.${nextKey}`;
        current = next;
      }
      const indent = '  '.repeat(depth);
      if (current.leaf)
        lines.push(
          `${indent}${clean(label)}: ${side(current.leaf.a)}${arrow}${side(current.leaf.b)}${current.leaf.note ? `  (${clean(current.leaf.note)})` : ''}`,
        );
      if (current.children.size > 0) {
        if (!current.leaf) lines.push(`${indent}${clean(label)}`);
        walk(current, depth + 1);
      }
    }
  };
  walk(root, 0);
  return lines;
}

/** `sntp.server` for messages. */
export function settingName(path: ConfigPath): string {
  return clean(pathKey(path));
}

function side(value: Leaf | undefined): string {
  return clean(formatLeaf(value));
}

function clean(text: string): string {
  const safe = sanitizeText(text);
  return safe.length > 120 ? `${safe.slice(0, 117)}…` : safe;
}
