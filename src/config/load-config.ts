import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors/index.ts';
import { readFileBounded } from '../util/read-bounded.ts';
import { MAX_YAML_CHARS, parseYamlSource, validateAt, YAML_TOO_LARGE } from '../util/yaml-source.ts';
import { configSchema, type IotwardenConfig } from './config-schema.ts';

export interface LoadedConfig {
  config: IotwardenConfig;
  /** The file it came from, or undefined when no config file exists (an empty config). */
  file: string | undefined;
}

/** `--config FILE` > `IOTWARDEN_CONFIG` > `./iotwarden.yaml` > `$XDG_CONFIG_HOME/iotwarden/iotwarden.yaml`. */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag) return flag;
  if (env.IOTWARDEN_CONFIG) return env.IOTWARDEN_CONFIG;
  if (existsSync('iotwarden.yaml')) return 'iotwarden.yaml';
  const xdg = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const user = join(xdg, 'iotwarden', 'iotwarden.yaml');
  return existsSync(user) ? user : undefined;
}

export function loadConfig(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const file = resolveConfigPath(flag, env);
  if (file === undefined) return { config: configSchema.parse({}), file: undefined };
  let text: string | undefined;
  try {
    text = readFileBounded(file, MAX_YAML_CHARS);
  } catch (error) {
    throw new ConfigError(`cannot read config: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      file,
      cause: error,
    });
  }
  if (text === undefined) {
    throw new ConfigError(`is larger than ${MAX_YAML_CHARS} bytes, too large for a config file`, {
      file,
      code: YAML_TOO_LARGE,
    });
  }
  const source = parseYamlSource(text, file);
  return { config: validateAt(configSchema, source.value ?? {}, { file, lineOf: source.lineOf }), file };
}
