/** `ha publish`, the implementation: loaded only when it runs (definition in home-assistant.ts). */
import { startHomeAssistantBridge } from '../../app/home-assistant/start-bridge.ts';
import { UsageError } from '../../errors/index.ts';
import { readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';

/** The options `ha publish` parses. */
export interface HaPublishOptions {
  once?: true | undefined;
  config?: string | undefined;
  db?: string | undefined;
}

/** Publishes the inventory by MQTT discovery, then keeps it current until stopped (or once, with --once). */
export async function runHaPublish(options: HaPublishOptions, deps: CliDeps): Promise<void> {
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
}
