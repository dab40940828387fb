import { type Document, isAlias, isCollection, isNode, isPair, type LineCounter, type Node } from 'yaml';
import { ConfigError } from '../errors/index.ts';

/** Stable codes for anchor and alias mistakes in a YAML file (config, scenario). */
export const YAML_ALIAS_ERROR_CODES = {
  /** An alias without an anchor before it, an alias inside its own anchor, or an anchor defined twice. */
  alias: 'ERR_CONFIG_YAML_ALIAS',
  /** Aliases would expand the document past MAX_ALIAS_NODES (an alias bomb, "billion laughs"). */
  aliasLimit: 'ERR_CONFIG_YAML_ALIAS_LIMIT',
} as const;

/**
 * How many values (scalars, maps and lists) aliases may add to a document once expanded. A hand-written config or
 * scenario that reuses a block of settings for a few hundred devices stays far below; nine levels of nine aliases
 * (the classic "billion laughs", YAML's form of XML's CVE-2003-1564) would add 9⁹ values and are refused long before.
 */
export const MAX_ALIAS_NODES = 10_000;

/** The text a document was parsed from, its line index, and the file it came from (for messages). */
export interface YamlText {
  text: string;
  lineCounter: LineCounter;
  file: string;
}

interface Anchor {
  node: Node;
  /** Values the anchored node holds once expanded; undefined while the walk is still inside it. */
  size: number | undefined;
}

interface Frame {
  node: Node;
  children: Node[];
  next: number;
  size: number;
}

/**
 * Checks every anchor and alias of a parsed document before it is turned into data, so each mistake is reported at
 * its line instead of as a bare ReferenceError from `toJS`. Refused: an alias with no anchor before it (YAML 1.2.2
 * §3.2.2.2: an alias refers to the most recent preceding anchor), an alias inside the node it names (a cycle no
 * config needs), an anchor defined twice (legal YAML, but the later one silently changes what every following alias
 * means), and aliases that expand past MAX_ALIAS_NODES. The walk keeps its own stack, so nesting depth cannot
 * overflow the call stack.
 */
export function checkYamlAnchors(doc: Document, source: YamlText): void {
  const { text, lineCounter, file } = source;
  const root = doc.contents;
  if (!isNode(root)) return;
  const lineOf = (node: Node): number | undefined => {
    const start = node.range?.[0];
    if (start === undefined) return undefined;
    // A node's range starts at its content; its `&anchor` comes before, possibly on the line above (`- &d` then a
    // block map). The nearest `&name` before the content is that anchor (or a comment in between naming it).
    const anchorAt = node.anchor === undefined ? -1 : text.lastIndexOf(`&${node.anchor}`, start);
    return lineCounter.linePos(anchorAt >= 0 ? anchorAt : start).line;
  };
  const fail = (node: Node, message: string, code: string): never => {
    const line = lineOf(node);
    throw new ConfigError(message, line === undefined ? { file, code } : { file, line, code });
  };
  const anchors = new Map<string, Anchor>();
  let aliased = 0;

  /** Size of a leaf (scalar or alias), or undefined for a collection, which gets a frame. */
  const visit = (node: Node): number | undefined => {
    if (isAlias(node)) {
      const anchor = anchors.get(node.source);
      if (!anchor) {
        return fail(
          node,
          `alias *${node.source} has no anchor &${node.source} before it`,
          YAML_ALIAS_ERROR_CODES.alias,
        );
      }
      if (anchor.size === undefined) {
        return fail(node, `alias *${node.source} is inside the node it refers to`, YAML_ALIAS_ERROR_CODES.alias);
      }
      aliased += anchor.size;
      if (aliased > MAX_ALIAS_NODES) {
        return fail(
          node,
          `aliases expand to more than ${MAX_ALIAS_NODES} values (an alias bomb?); refused at alias *${node.source}`,
          YAML_ALIAS_ERROR_CODES.aliasLimit,
        );
      }
      return anchor.size;
    }
    if (node.anchor !== undefined) {
      const earlier = anchors.get(node.anchor);
      if (earlier) {
        const first = lineOf(earlier.node);
        return fail(
          node,
          `anchor &${node.anchor} is defined twice${first === undefined ? '' : ` (first on line ${first})`}; give each anchor its own name`,
          YAML_ALIAS_ERROR_CODES.alias,
        );
      }
      anchors.set(node.anchor, { node, size: isCollection(node) ? undefined : 1 });
    }
    return isCollection(node) ? undefined : 1;
  };

  const frameOf = (node: Node): Frame => ({ node, children: childrenOf(node), next: 0, size: 1 });
  if (visit(root) !== undefined) return;
  const stack: Frame[] = [frameOf(root)];
  while (stack.length > 0) {
    const frame = stack.at(-1) as Frame;
    const child = frame.children[frame.next];
    if (child !== undefined) {
      frame.next += 1;
      const size = visit(child);
      if (size === undefined) stack.push(frameOf(child));
      else frame.size += size;
      continue;
    }
    stack.pop();
    if (frame.node.anchor !== undefined) (anchors.get(frame.node.anchor) as Anchor).size = frame.size;
    const parent = stack.at(-1);
    if (parent) parent.size += frame.size;
  }
}

/** A map's keys and values, a list's items, in document order. */
function childrenOf(node: Node): Node[] {
  if (!isCollection(node)) return [];
  const children: Node[] = [];
  for (const item of node.items) {
    if (isPair(item)) {
      if (isNode(item.key)) children.push(item.key);
      if (isNode(item.value)) children.push(item.value);
    } else if (isNode(item)) children.push(item);
  }
  return children;
}
