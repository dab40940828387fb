import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../../errors/index.ts';
import type { DeviceKind } from '../core/simulator.ts';
import { simulatorKind } from '../simulators/registry.ts';
import { allocateAddresses } from './address-allocation.ts';
import { COMMON_DEVICE_KEYS, commonDeviceSchema, scenarioDocumentSchema } from './scenario-schema.ts';

/** A scenario device after validation: its address fixed, its fixture read, its settings typed by its kind. */
export interface ScenarioDevice {
  name: string;
  kind: DeviceKind;
  address: string;
  mac: string | undefined;
  fixturePath: string | undefined;
  fixture: unknown;
  settings: unknown;
}

export interface Scenario {
  name: string;
  devices: ScenarioDevice[];
}

/** Maps a path inside the document (`devices.3.auth.password`) to a 1-based line, when the source is a file. */
type LineOf = (path: ReadonlyArray<PropertyKey>) => number | undefined;

/** Reads, parses and validates a scenario file; every error names the file and, where it can, the line. */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read scenario: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      file,
      cause: error,
    });
  }
  return parseScenarioText(text, file);
}

export function parseScenarioText(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new ConfigError(`invalid YAML: ${firstError.message.split('\n')[0]}`, { file, line });
  }
  const lineOf: LineOf = (path) => {
    const node = doc.getIn(path as unknown[], true) as Node | undefined;
    const at = nodeOffset(node) ?? nodeOffset(doc.getIn(path.slice(0, -1) as unknown[], true) as Node | undefined);
    return at === undefined ? undefined : lineCounter.linePos(at).line;
  };
  return buildScenario(doc.toJS(), { file, baseDir: dirname(resolve(file)), lineOf });
}

/** Validates a scenario given as a plain object (the built-in seed home). */
export function buildScenario(raw: unknown, options: { file: string; baseDir: string; lineOf?: LineOf }): Scenario {
  const { file, baseDir } = options;
  const lineOf: LineOf = options.lineOf ?? (() => undefined);
  const fail = (message: string, path: ReadonlyArray<PropertyKey>): never => {
    const line = lineOf(path);
    throw new ConfigError(message, line === undefined ? { file } : { file, line });
  };
  const doc = check(scenarioDocumentSchema, raw, [], fail);
  const parsed = doc.devices.map((entry, index) => {
    const common = check(commonDeviceSchema, pick(entry, COMMON_DEVICE_KEYS), ['devices', index], fail);
    const kind = simulatorKind(common.kind);
    if (!kind) fail(`device "${common.name}": kind "${common.kind}" is not simulated yet`, ['devices', index, 'kind']);
    const settingsRaw = omit(entry, COMMON_DEVICE_KEYS);
    const settings = check(kind!.settings, settingsRaw, ['devices', index], fail, `device "${common.name}"`);
    const fixturePath =
      common.fixture === undefined
        ? undefined
        : isAbsolute(common.fixture)
          ? common.fixture
          : resolve(baseDir, common.fixture);
    const fixture =
      fixturePath === undefined
        ? undefined
        : readFixture(fixturePath, () =>
            fail(`device "${common.name}": fixture file not found: ${fixturePath}`, ['devices', index, 'fixture']),
          );
    return { index, common, settings, fixturePath, fixture };
  });
  const names = new Map<string, number>();
  for (const d of parsed) {
    const seen = names.get(d.common.name);
    if (seen !== undefined)
      fail(`duplicate device name "${d.common.name}" (also device ${seen + 1})`, ['devices', d.index, 'name']);
    names.set(d.common.name, d.index);
  }
  const addresses = allocateAddresses(
    parsed.map((d) => d.common.address),
    doc.network ?? '127.77.0.0/16',
    (index, message) => fail(message, ['devices', index, 'address']),
  );
  return {
    name: doc.name ?? 'scenario',
    devices: parsed.map((d, i) => ({
      name: d.common.name,
      kind: d.common.kind,
      address: addresses[i] as string,
      mac: d.common.mac,
      fixturePath: d.fixturePath,
      fixture: d.fixture,
      settings: d.settings,
    })),
  };
}

function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  base: PropertyKey[],
  fail: (message: string, path: ReadonlyArray<PropertyKey>) => never,
  label?: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [...base, ...(issue?.path ?? [])];
  const where = (issue?.path ?? []).map(String).join('.');
  const prefix = label ? `${label}: ` : '';
  const keys = issue && 'keys' in issue ? ` ${(issue.keys as string[]).join(', ')}` : '';
  return fail(`${prefix}${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}${keys}`, path);
}

function readFixture(path: string, onMissing: () => never): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return onMissing();
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`fixture is not valid JSON: ${(error as Error).message}`, { file: path, cause: error });
  }
}

function pick(entry: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([k]) => keys.includes(k)));
}

function omit(entry: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([k]) => !keys.includes(k)));
}

function nodeOffset(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  if (isMap(node) || isSeq(node)) return node.range?.[0];
  return (node as { range?: [number, number, number] }).range?.[0];
}
