/**
 * The Home Assistant bridge (issue 12): publishes the inventory as MQTT discovery, keeps it current, and takes HA's
 * commands. Configs and states are retained; HA's birth message (`<prefix>/status` = `online`) and every reconnect
 * republish everything; a device that left the inventory has its configs removed with empty retained payloads
 * (also ones a previous run left on the broker). An install from HA goes through the same guardrails as
 * `firmware apply`: a held device, a known breakage or a catalogue-only version is refused, with the reason in the
 * update entity's `release_summary` and as a notification. Start/stop are symmetric; `serve` owns the lifetime.
 */
import type { HaMqttLink, MqttLinkHandlers } from '../../sources/home-assistant/mqtt-link.ts';
import type { Logger } from '../../util/logger.ts';
import {
  configTopicFilter,
  type DiscoveryDevice,
  type DiscoveryHub,
  type DiscoveryTopics,
  deviceMessages,
  hubMessages,
  type MqttMessage,
  PAYLOAD_INSTALL,
  PAYLOAD_PRESS,
  scanTopic,
} from './discovery-payloads.ts';

export interface BridgeSnapshot {
  devices: DiscoveryDevice[];
  hub: DiscoveryHub;
}

export interface BridgeDeps {
  /** The inventory as HA should see it now. */
  snapshot(): Promise<BridgeSnapshot>;
  /** The firmware guardrails: may this device install now? The reason is shown in HA either way. */
  guard(deviceId: string): Promise<{ allowed: boolean; reason: string }>;
  /** Installs through `firmware apply` (health-checked); resolves with what happened. */
  install(deviceId: string): Promise<{ ok: boolean; reason: string }>;
  /** Scans the home (the hub's button). */
  scan(): Promise<void>;
  /** Tells the owner in HA (persistent notification), when configured. */
  notify?(title: string, message: string, id: string): Promise<void>;
  log: Logger;
}

/** Opens the MQTT link with the bridge's handlers; injected so tests and `serve` choose the broker. */
export type LinkOpener = (subscriptions: readonly string[], handlers: MqttLinkHandlers) => Promise<HaMqttLink>;

export class HomeAssistantBridge {
  readonly #topics: DiscoveryTopics;
  readonly #deps: BridgeDeps;
  #link: HaMqttLink | undefined;
  /** Config topics currently published; anything else of ours on the broker is stale. */
  #current = new Set<string>();
  #ready = false;
  #snapshot: BridgeSnapshot | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(topics: DiscoveryTopics, deps: BridgeDeps) {
    this.#topics = topics;
    this.#deps = deps;
  }

  async start(open: LinkOpener): Promise<void> {
    const t = this.#topics;
    const subscriptions = [
      `${t.prefix}/status`,
      configTopicFilter(t),
      `${t.nodeId}/device/+/firmware/install`,
      scanTopic(t),
    ];
    this.#link = await open(subscriptions, {
      onConnect: () => this.#serial(() => this.#publishAll()),
      onMessage: (topic, payload, retained) => this.#onMessage(topic, payload, retained),
      onError: (error) => this.#deps.log.warn(`Home Assistant MQTT: ${error.message}`),
    });
  }

  /** Reads the inventory again and publishes what changed (a scan finished, a hold was added). */
  refresh(): Promise<void> {
    return this.#serial(() => this.#publishAll());
  }

  async stop(): Promise<void> {
    await this.#queue.catch(() => undefined);
    await this.#link?.close();
    this.#link = undefined;
  }

  /** Work one at a time, so a birth message during a publish never interleaves two snapshots. */
  #serial(work: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch((error: unknown) => this.#deps.log.warn(`Home Assistant MQTT: ${String(error)}`));
    return next;
  }

  async #publishAll(): Promise<void> {
    const link = this.#link;
    if (!link) return;
    const snapshot = await this.#deps.snapshot();
    this.#snapshot = snapshot;
    const hub = hubMessages(this.#topics, snapshot.hub);
    const devices = snapshot.devices.map((device) => deviceMessages(this.#topics, device));
    const configs = [...hub.configs, ...devices.flatMap((d) => d.configs)];
    const gone = [...this.#current].filter((topic) => !configs.some((c) => c.topic === topic));
    // Configs before states, so HA has the entity when its state arrives.
    await link.publish(configs);
    await link.publish([...hub.states, ...devices.flatMap((d) => d.states)]);
    await link.publish(gone.map((topic) => ({ topic, payload: '' })));
    this.#current = new Set(configs.map((c) => c.topic));
    this.#ready = true;
  }

  #onMessage(topic: string, payload: string, retained: boolean): void {
    const t = this.#topics;
    if (topic === `${t.prefix}/status`) {
      if (payload === 'online') void this.#serial(() => this.#publishAll());
      return;
    }
    if (topic.endsWith('/config')) {
      // A retained config of ours that the inventory no longer has (left by an earlier run): remove it.
      if (retained && payload !== '' && this.#ready && !this.#current.has(topic)) {
        void this.#serial(async () => {
          if (!this.#current.has(topic)) await this.#link?.publish([{ topic, payload: '' }]);
        });
      }
      return;
    }
    if (topic === scanTopic(t)) {
      if (payload === PAYLOAD_PRESS && !retained) void this.#serial(() => this.#scan());
      return;
    }
    const match = /^[^/]+\/device\/([^/]+)\/firmware\/install$/.exec(topic);
    if (match?.[1] && payload === PAYLOAD_INSTALL && !retained) {
      const deviceId = match[1];
      void this.#serial(() => this.#install(deviceId));
    }
  }

  async #scan(): Promise<void> {
    await this.#deps.scan();
    await this.#publishAll();
  }

  async #install(deviceId: string): Promise<void> {
    const device = this.#snapshot?.devices.find((d) => d.deviceId === deviceId);
    if (!device?.firmware) return;
    const guard = await this.#deps.guard(deviceId);
    if (!guard.allowed) {
      await this.#publishFirmware(device, {
        release_summary: `Refused by iotwarden: ${guard.reason}`,
        in_progress: false,
      });
      await this.#tell(`iotwarden refused to update ${device.name}`, guard.reason, deviceId);
      return;
    }
    await this.#publishFirmware(device, { in_progress: true, update_percentage: 0 });
    const result = await this.#deps.install(deviceId);
    await this.#publishAll();
    if (!result.ok) {
      const fresh = this.#snapshot?.devices.find((d) => d.deviceId === deviceId) ?? device;
      await this.#publishFirmware(fresh, { release_summary: `Update failed: ${result.reason}`, in_progress: false });
      await this.#tell(`Updating ${device.name} failed`, result.reason, deviceId);
    }
  }

  async #publishFirmware(
    device: DiscoveryDevice,
    patch: Partial<NonNullable<DiscoveryDevice['firmware']>>,
  ): Promise<void> {
    if (!device.firmware) return;
    const state = { ...device.firmware, update_percentage: null, ...patch };
    state.release_summary = truncateSummary(state.release_summary);
    const message: MqttMessage = {
      topic: `${this.#topics.nodeId}/device/${device.deviceId}/firmware`,
      payload: JSON.stringify(state),
    };
    await this.#link?.publish([message]);
  }

  async #tell(title: string, message: string, deviceId: string): Promise<void> {
    await this.#deps.notify?.(title, message, `iotwarden_${deviceId}`).catch((error: unknown) => {
      this.#deps.log.warn(`Home Assistant notification failed: ${String(error)}`);
    });
  }
}

/** HA's update entity cuts `release_summary` at 255 characters (its MQTT schema); longer text is cut with "…". */
export const RELEASE_SUMMARY_MAX = 255;

export function truncateSummary(text: string | null): string | null {
  return text === null || text.length <= RELEASE_SUMMARY_MAX ? text : `${text.slice(0, RELEASE_SUMMARY_MAX - 1)}…`;
}
