import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors/index.ts';
import { checkYamlAnchors, MAX_ALIAS_NODES, YAML_ALIAS_ERROR_CODES } from './yaml-anchors.ts';

/**
 * The longest YAML text parsed. A config for a large home is a few KB and a 250-device lab scenario about 40 KB;
 * 1 Mi characters is far beyond both, and keeps parsing (which holds every node in memory) small.
 */
export const MAX_YAML_CHARS = 1024 * 1024;
/** The stable code of a YAML file over MAX_YAML_CHARS. */
export const YAML_TOO_LARGE = 'ERR_CONFIG_TOO_LARGE';

/** Maps a path inside a YAML document (`['devices', 3, 'auth']`) to its 1-based line, when known. */
export type LineOf = (path: ReadonlyArray<PropertyKey>) => number | undefined;

export interface YamlSource {
  value: unknown;
  lineOf: LineOf;
}

/**
 * Parses YAML keeping positions, so later validation errors can name the line a user has to fix. Anchors and aliases
 * are checked (and bounded) before the document becomes data; see checkYamlAnchors.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  if (text.length > MAX_YAML_CHARS) {
    throw new ConfigError(
      `is ${text.length} characters long; a config or scenario file may be at most ${MAX_YAML_CHARS}`,
      {
        file,
        code: YAML_TOO_LARGE,
      },
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new ConfigError(`invalid YAML: ${firstError.message.split('\n')[0]}`, { file, line });
  }
  checkYamlAnchors(doc, { text, lineCounter, file });
  const offset = (path: ReadonlyArray<PropertyKey>): number | undefined =>
    nodeOffset(doc.getIn(path as unknown[], true) as Node | undefined);
  const lineOf: LineOf = (path) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const at = offset(path.slice(0, depth));
      if (at !== undefined) return lineCounter.linePos(at).line;
    }
    return undefined;
  };
  return { value: toData(doc, file), lineOf };
}

/**
 * The yaml package's own alias limit (`maxAliasCount`, default 100), kept as a second guard behind checkYamlAnchors.
 * It counts each anchor's uses times the aliases nested in it, plus one for the anchor itself, so it is set well
 * above MAX_ALIAS_NODES: everything checkYamlAnchors accepts must pass it, and only a bug there would reach it.
 */
const YAML_PACKAGE_ALIAS_LIMIT = 10 * MAX_ALIAS_NODES;

/** `toJS` under the second guard; an alias error it still finds becomes a ConfigError naming the file. */
function toData(doc: ReturnType<typeof parseDocument>, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: YAML_PACKAGE_ALIAS_LIMIT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new ConfigError(`invalid YAML: ${error.message}`, { file, code: YAML_ALIAS_ERROR_CODES.alias, cause: error });
  }
}

function nodeOffset(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  if (isMap(node) || isSeq(node)) return node.range?.[0];
  return (node as { range?: [number, number, number] }).range?.[0];
}

/**
 * Validates `value` with a zod schema; the first issue becomes a ConfigError naming file, line and key path.
 * `base` is where `value` sits inside the document.
 */
export function validateAt<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: { file: string; lineOf: LineOf; base?: PropertyKey[]; label?: string },
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const base = options.base ?? [];
  // An unknown key is reported on its own line, not on the line of the object holding it.
  const firstKey = issue && 'keys' in issue ? (issue.keys as string[])[0] : undefined;
  const path = [...base, ...(issue?.path ?? []), ...(firstKey === undefined ? [] : [firstKey])];
  const where = (issue?.path ?? []).map(String).join('.');
  const prefix = options.label ? `${options.label}: ` : '';
  const line = options.lineOf(path);
  throw new ConfigError(
    `${prefix}${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`,
    line === undefined ? { file: options.file } : { file: options.file, line },
  );
}
