/**
 * Wires the Home Assistant bridge to the inventory: what it publishes (bridgeSnapshot), the install guardrail and
 * `firmware apply --now` for installs from HA, a scan of the configured networks for the hub's button, and HA
 * persistent notifications when `homeAssistant.notifications` is on. `iotwarden ha publish` and `serve` call this.
 * Secrets (the broker password, the HA token) are read from the environment here and go nowhere else.
 */
import { readFileSync } from 'node:fs';
import type { LoadedConfig } from '../../config/load-config.ts';
import { ConfigError } from '../../errors/index.ts';
import type { PortResolver } from '../../net/port-overrides.ts';
import { withHomeAssistant } from '../../sources/home-assistant/client.ts';
import { HaMqttLink } from '../../sources/home-assistant/mqtt-link.ts';
import type { Store } from '../../store/index.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { type ApplyFirmwareRequest, applyFirmware } from '../firmware/apply-command.ts';
import { scanAndAudit } from '../scan/scan-and-audit.ts';
import { HomeAssistantBridge } from './bridge.ts';
import { bridgeSnapshot, installGuard } from './bridge-snapshot.ts';
import { availabilityTopic } from './discovery-payloads.ts';

export interface StartBridgeOptions {
  store: Store;
  config: LoadedConfig;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  connectPort: () => PortResolver;
  log: Logger;
  signal: AbortSignal;
  version: string;
  /** Firmware apply timings (tests shorten the polls). */
  timing?: ApplyFirmwareRequest['timing'];
}

/** Starts publishing; undefined when `homeAssistant.mqtt` is not configured. */
export async function startHomeAssistantBridge(options: StartBridgeOptions): Promise<HomeAssistantBridge | undefined> {
  const { store, config, env, clock, log, signal } = options;
  const ha = config.config.homeAssistant;
  const mqtt = ha?.mqtt;
  if (!mqtt) return undefined;
  const topics = { prefix: mqtt.discoveryPrefix, nodeId: mqtt.nodeId };
  const token = ha.tokenEnv ? env[ha.tokenEnv] : undefined;
  const bridge = new HomeAssistantBridge(topics, {
    snapshot: () => bridgeSnapshot(store, config, options.version, clock.now()),
    guard: (deviceId) => installGuard(store, config, deviceId, clock.now()),
    install: async (deviceId) => {
      const outcome = await applyFirmware({
        store,
        config: config.config,
        deviceRefs: [deviceId],
        now: true,
        connectPort: options.connectPort,
        clock,
        log,
        signal,
        ...(options.timing ? { timing: options.timing } : {}),
      });
      if (outcome.status === 'interrupted') return { ok: false, reason: 'interrupted; the next apply verifies it' };
      const entry = outcome.report.entries.find((e) => e.deviceId === deviceId);
      return { ok: entry?.action === 'updated', reason: entry?.reason ?? 'the update engine did not take the device' };
    },
    scan: async () => {
      if (config.config.networks.length === 0)
        return void log.warn('scan from Home Assistant: no networks in iotwarden.yaml');
      await scanAndAudit({
        targets: config.config.networks,
        ports: config.config.scan.ports ?? 'default',
        allowLarge: false,
        credentialEntries: config.config.credentials,
        credentialChecks: config.config.scan.credentialChecks ?? true,
        leaseFiles: config.config.scan.dhcpLeases ? [config.config.scan.dhcpLeases] : [],
        connectTimeoutMs: config.config.scan.connectTimeoutMs,
        requestTimeoutMs: config.config.scan.requestTimeoutMs,
        connectConcurrency: config.config.scan.concurrency,
        db: undefined,
        store,
        progress: undefined,
        log,
        signal,
      });
    },
    ...(ha.notifications && ha.url && token
      ? {
          notify: (title: string, message: string, id: string) =>
            withHomeAssistant({ url: ha.url!, token }, (connection) => connection.notify(title, message, id)),
        }
      : {}),
    log,
  });
  await bridge.start((subscriptions, handlers) =>
    HaMqttLink.open(
      {
        url: mqtt.url,
        username: mqtt.username,
        password: mqtt.passwordEnv ? env[mqtt.passwordEnv] : undefined,
        caPem: mqtt.caFile ? readCa(mqtt.caFile) : undefined,
        clientId: `${mqtt.nodeId}-bridge`,
        availabilityTopic: availabilityTopic(topics),
        subscriptions,
      },
      handlers,
    ),
  );
  return bridge;
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`homeAssistant.mqtt.caFile cannot be read (${(error as NodeJS.ErrnoException).code})`, {
      file,
      cause: error,
    });
  }
}
