import type { Clock } from '../../../util/clock.ts';
import type { EsphomeEntity, LightEntity } from './entities.ts';

/** A monochromatic light's remote values. */
export interface LightValue {
  on: boolean;
  /** 0..1 */
  brightness: number;
}

export type EntityValue = boolean | number | string | LightValue;

/** The parts of a LightCommandRequest a monochromatic light acts on; each only when its `has_` flag is set. */
export interface LightCommand {
  key: number;
  state?: boolean;
  brightness?: number;
}

/** Called after an entity's state changed, as `publish_state` reaches every subscribed API connection. */
export type StateListener = (entity: EsphomeEntity, value: EntityValue) => void;

/** ESPHome's default `update_interval` for the uptime and WiFi-signal sensors. */
export const SENSOR_UPDATE_INTERVAL_MS = 60_000;

/**
 * The live state of one node's entities, shared by every API connection: a switch turned on by one client shows
 * in every other client's state stream. The `status` binary sensor follows the number of connected API clients
 * and the uptime sensor follows the clock, as on a real node.
 */
export class EsphomeEntityStore {
  readonly entities: readonly EsphomeEntity[];
  readonly #values = new Map<number, EntityValue>();
  readonly #listeners = new Set<StateListener>();
  readonly #clock: Clock;
  readonly #bootedAt: number;
  #apiClients = 0;
  #sensorLoop: AbortController | undefined;
  #tick = 0;

  constructor(options: { entities: readonly EsphomeEntity[]; clock: Clock; versionText: string }) {
    this.entities = options.entities;
    this.#clock = options.clock;
    this.#bootedAt = options.clock.now();
    for (const entity of options.entities) {
      const initial = initialValue(entity, options.versionText);
      if (initial !== undefined) this.#values.set(entity.key, initial);
    }
  }

  byKey(key: number): EsphomeEntity | undefined {
    return this.entities.find((entity) => entity.key === key);
  }

  /** The current value; the status sensor and uptime are computed at the moment of reading. */
  value(entity: EsphomeEntity): EntityValue {
    if (entity.kind === 'binary_sensor' && entity.isStatusBinarySensor) return this.#apiClients > 0;
    if (entity.kind === 'sensor' && entity.objectId === 'uptime') {
      return Math.floor((this.#clock.now() - this.#bootedAt) / 1000);
    }
    return this.#values.get(entity.key) ?? false;
  }

  /** A switch command; like `Switch::publish_state`, an unchanged state publishes nothing. */
  setSwitch(key: number, on: boolean): boolean {
    const entity = this.byKey(key);
    if (entity?.kind !== 'switch' || this.#values.get(key) === on) return false;
    this.#publish(entity, on);
    return true;
  }

  /** A light command: `has_state` and `has_brightness` apply; brightness 0 switches the light off. */
  commandLight(command: LightCommand): boolean {
    const entity = this.byKey(command.key);
    if (entity?.kind !== 'light') return false;
    const current = this.value(entity) as LightValue;
    const next: LightValue = { ...current };
    if (command.state !== undefined) next.on = command.state;
    if (command.brightness !== undefined) {
      const brightness = Math.min(1, Math.max(0, command.brightness));
      if (brightness === 0) next.on = false;
      else next.brightness = brightness;
    }
    this.#publish(entity as LightEntity, next);
    return true;
  }

  /** Subscribes to state changes; the returned function unsubscribes. Sensors report while anyone listens. */
  subscribe(listener: StateListener): () => void {
    this.#listeners.add(listener);
    if (!this.#sensorLoop) this.#startSensorLoop();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopSensorLoop();
    };
  }

  /** An API client finished connecting (or left): the status sensor turns on with the first, off after the last. */
  apiClientChanged(delta: 1 | -1): void {
    const before = this.#apiClients > 0;
    this.#apiClients = Math.max(0, this.#apiClients + delta);
    const status = this.entities.find((e) => e.kind === 'binary_sensor' && e.isStatusBinarySensor);
    if (status && before !== this.#apiClients > 0) this.#notify(status, this.#apiClients > 0);
  }

  /** Stops the periodic sensor updates (the node is switched off). */
  close(): void {
    this.#listeners.clear();
    this.#stopSensorLoop();
  }

  #publish(entity: EsphomeEntity, value: EntityValue): void {
    this.#values.set(entity.key, value);
    this.#notify(entity, value);
  }

  #notify(entity: EsphomeEntity, value: EntityValue): void {
    for (const listener of [...this.#listeners]) listener(entity, value);
  }

  #startSensorLoop(): void {
    const controller = new AbortController();
    this.#sensorLoop = controller;
    const loop = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        await this.#clock.sleep(SENSOR_UPDATE_INTERVAL_MS, controller.signal);
        this.#tick += 1;
        for (const entity of this.entities) {
          if (entity.kind !== 'sensor') continue;
          // The WiFi signal wanders by a dBm, as a real RSSI reading does.
          if (entity.objectId === 'wifi_signal') this.#values.set(entity.key, -58 - (this.#tick % 3));
          if (entity.objectId === 'uptime' || entity.objectId === 'wifi_signal')
            this.#notify(entity, this.value(entity));
        }
      }
    };
    loop().catch(() => undefined);
  }

  #stopSensorLoop(): void {
    this.#sensorLoop?.abort();
    this.#sensorLoop = undefined;
  }
}

function initialValue(entity: EsphomeEntity, versionText: string): EntityValue | undefined {
  switch (entity.kind) {
    case 'switch':
      return false; // restore_mode RESTORE_DEFAULT_OFF after a fresh boot
    case 'light':
      return { on: false, brightness: 1 };
    case 'text_sensor':
      return versionText;
    case 'sensor':
      if (entity.objectId === 'temperature') return 21.5;
      if (entity.objectId === 'wifi_signal') return -58;
      return undefined;
    case 'binary_sensor':
      return false;
  }
}
