import { type Command, Help } from '@commander-js/extra-typings';

/** `name|alias` as commander writes a command that has an alias. */
function withoutAlias(text: string, command: Command): string {
  const alias = command.aliases()[0];
  return alias === undefined ? text : text.replace(`${command.name()}|${alias}`, command.name());
}

/**
 * Help that names each command once. Aliases (`catalog` for `catalogue`) exist so older scripts keep working; help
 * does not advertise them, so new users learn one name.
 */
export const HELP_WITHOUT_ALIASES = {
  subcommandTerm(this: Help, command: Command): string {
    return withoutAlias(Help.prototype.subcommandTerm.call(this, command), command);
  },
  commandUsage(this: Help, command: Command): string {
    return withoutAlias(Help.prototype.commandUsage.call(this, command), command);
  },
};
