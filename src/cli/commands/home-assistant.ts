/**
 * `ha publish`: the inventory in Home Assistant by MQTT discovery, until stopped (`serve` does the same when
 * configured). The definition only; home-assistant-run.ts does the work when it runs.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

const HELP = `
Needs homeAssistant.mqtt in iotwarden.yaml:
  homeAssistant:
    url: http://homeassistant.local:8123    # optional: for notifications
    tokenEnv: HA_TOKEN
    notifications: true
    mqtt:
      url: mqtt://homeassistant.local:1883   # mqtts:// for TLS (caFile: for a private CA)
      username: iotwarden
      passwordEnv: MQTT_PASSWORD
      discoveryPrefix: homeassistant
Each device gets a firmware update entity (install goes through the same guardrails as firmware apply), a
problem sensor and a score sensor; the iotwarden hub has the home score, findings, decisions and a scan button.`;

export function registerHomeAssistantCommands(program: Command, deps: CliDeps): void {
  const ha = program.command('ha').description('Home Assistant: publish the inventory by MQTT discovery');
  ha.command('publish')
    .description('publish every device to Home Assistant and take its install and scan commands, until stopped')
    .option('--once', 'publish once and exit')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', HELP)
    .action(async (options) => (await import('./home-assistant-run.ts')).runHaPublish(options, deps));
}
