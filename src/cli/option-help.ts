/**
 * What command definitions share: option help texts and option parsers. Definitions are loaded for every command
 * line (help, parsing, errors), so this module imports nothing heavier than the errors (docs/decisions/lazy-commands.md).
 */
import { UsageError } from '../errors/index.ts';

/** Help text of `--db FILE`, which every command that touches the inventory takes (IOTWARDEN_DB works too). */
export const DB_OPTION_HELP = 'inventory database (default: $IOTWARDEN_DB, else ~/.local/share/iotwarden/iotwarden.db)';
export const CONFIG_OPTION_HELP =
  'config file (default: $IOTWARDEN_CONFIG, ./iotwarden.yaml or ~/.config/iotwarden/iotwarden.yaml)';
export const DEVICE_ARGUMENT_HELP = 'device id, name, address or MAC';

/** Commander parser for counts and timeouts: a whole number above zero, or a usage error naming the value. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`not a positive whole number: ${value}`);
  return n;
}
