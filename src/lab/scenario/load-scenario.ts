import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../errors/index.ts';
import { type LineOf, parseYamlSource, validateAt } from '../../util/yaml-source.ts';
import type { DeviceKind } from '../core/simulator.ts';
import { canonicalKind, simulatorKind } from '../kinds.ts';
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
  const source = parseYamlSource(text, file);
  return buildScenario(source.value, { file, baseDir: dirname(resolve(file)), lineOf: source.lineOf });
}

/** Validates a scenario given as a plain object (the built-in seed home) or parsed from YAML. */
export function buildScenario(raw: unknown, options: { file: string; baseDir: string; lineOf?: LineOf }): Scenario {
  const { file, baseDir } = options;
  const lineOf: LineOf = options.lineOf ?? (() => undefined);
  const fail = (message: string, path: ReadonlyArray<PropertyKey>): never => {
    const line = lineOf(path);
    throw new ConfigError(message, line === undefined ? { file } : { file, line });
  };
  const doc = validateAt(scenarioDocumentSchema, raw, { file, lineOf });
  const parsed = doc.devices.map((entry, index) => {
    const base = ['devices', index];
    const common = validateAt(commonDeviceSchema, pick(entry, COMMON_DEVICE_KEYS), { file, lineOf, base });
    const label = `device "${common.name}"`;
    const kind = simulatorKind(common.kind);
    if (!kind) return fail(`${label}: kind "${common.kind}" is not simulated yet`, [...base, 'kind']);
    const settings = validateAt(kind.settings, omit(entry, COMMON_DEVICE_KEYS), { file, lineOf, base, label });
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
            fail(`${label}: fixture file not found: ${fixturePath}`, [...base, 'fixture']),
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
      // Aliases (`kasa-iot`) resolve here, so the rest of the lab sees one name per kind.
      kind: canonicalKind(d.common.kind) as DeviceKind,
      address: addresses[i] as string,
      mac: d.common.mac,
      fixturePath: d.fixturePath,
      fixture: d.fixture,
      settings: d.settings,
    })),
  };
}

function readFixture(path: string, onMissing: () => never): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return onMissing();
  }
  // JSON captures are parsed; any other file (a Sonos device description, a pasted Cast reply) goes to the simulator
  // as text, and its kind says whether it can serve it.
  if (!path.toLowerCase().endsWith('.json')) return text;
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
