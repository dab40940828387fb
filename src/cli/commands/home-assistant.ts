/** `ha publish`: the inventory in Home Assistant by MQTT discovery, until stopped (`serve` does the same when configured). */
import type { Command } from '@commander-js/extra-typings';
import { startHomeAssistantBridge } from '../../app/home-assistant/start-bridge.ts';
import { UsageError } from '../../errors/index.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';

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
    .action(async (options) => {
      const config = readConfig(options.config, deps);
      if (!config.config.homeAssistant?.mqtt) {
        throw new UsageError('homeAssistant.mqtt.url is not set in iotwarden.yaml (see iotwarden ha publish --help)', {
          code: 'ERR_NO_MQTT',
        });
      }
      const interrupt = deps.interrupt();
      const log = deps.logger('info');
      await withStore(options.db, deps, async (store) => {
        const bridge = await startHomeAssistantBridge({
          store,
          config,
          env: deps.env,
          clock: deps.clock,
          connectPort: deps.connectPort,
          log,
          signal: interrupt.signal,
          version: '0.1.0',
        });
        try {
          await bridge?.refresh();
          deps.out.write(`Publishing to Home Assistant (${config.config.homeAssistant?.mqtt?.discoveryPrefix}/…).\n`);
          if (!options.once) await deps.waitForStop();
        } finally {
          await bridge?.stop();
        }
      }).finally(interrupt.dispose);
    });
}
