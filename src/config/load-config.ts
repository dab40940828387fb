import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors/index.ts';
import { parseYamlSource, validateAt } from '../util/yaml-source.ts';
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      file,
      cause: error,
    });
  }
  const source = parseYamlSource(text, file);
  return { config: validateAt(configSchema, source.value ?? {}, { file, lineOf: source.lineOf }), file };
}
