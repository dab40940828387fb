import type { Clock } from '../../../util/clock.ts';
import { CoverMotion, type Direction } from '../../shelly/simulator/cover-motion.ts';
import { FlipTimers } from '../../shelly/simulator/flip-timer.ts';
import { isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import { componentType } from './components.ts';
import type { Gen2Dump } from './profiles.ts';

/** Status deltas by component key, as a NotifyStatus carries them (Gen2 API docs, Notifications). */
export type StatusDeltas = Record<string, JsonRecord>;

/** Light.Set parameters (Gen2 API docs, Light). */
export interface LightChange {
  on?: boolean;
  brightness?: number;
  transitionS?: number;
  toggleAfterS?: number;
}

/** Seconds with two decimals, as the devices print `ts` and `*_started_at`. */
export const unixSeconds = (ms: number): number => Math.round(ms / 10) / 100;

/**
 * The output components of a Gen2+ Shelly and what drives them: `switch:N` (Switch.Set/Toggle, `toggle_after`),
 * `cover:N` (Cover.Open/Close/Stop/GoToPosition, moving on the lab clock) and `light:N` (Light.Set/Toggle). State
 * lives in the dump's status, so Shelly.GetStatus, Switch.GetStatus, /relay/N and notifications read one value;
 * every change is reported as the delta a NotifyStatus carries.
 */
export class Gen2Controls {
  readonly #dump: Gen2Dump;
  readonly #clock: Clock;
  readonly #notify: (deltas: StatusDeltas) => void;
  readonly #timers: FlipTimers;
  readonly #covers = new Map<string, CoverMotion>();

  constructor(options: { dump: Gen2Dump; clock: Clock; notify: (deltas: StatusDeltas) => void }) {
    this.#dump = options.dump;
    this.#clock = options.clock;
    this.#notify = options.notify;
    this.#timers = new FlipTimers(options.clock);
    for (const key of Object.keys(options.dump.status)) {
      if (componentType(key) !== 'cover') continue;
      const status = this.#status(key);
      const config = isRecord(options.dump.config[key]) ? (options.dump.config[key] as JsonRecord) : {};
      const motion = new CoverMotion({
        clock: options.clock,
        position: typeof status.current_pos === 'number' ? status.current_pos : 0,
        fullTravelMs: (direction) => this.#maxtimeMs(config, direction),
        onSettled: () => this.#coverSettled(key),
      });
      this.#covers.set(key, motion);
    }
  }

  /** Switch.Set `{id, on, toggle_after}` → `{was_on}`. */
  setSwitch(key: string, on: boolean, toggleAfterS: number | undefined, source: string): { was_on: boolean } {
    const status = this.#status(key);
    const wasOn = status.output === true;
    status.output = on;
    status.source = source;
    this.#armFlip(key, status, toggleAfterS, () => this.setSwitch(key, !on, undefined, 'timer'));
    this.#notify({ [key]: this.#delta(key, status, ['output', 'source', 'timer_started_at', 'timer_duration']) });
    return { was_on: wasOn };
  }

  /** Light.Set: output, brightness, transition, flip-back. */
  setLight(key: string, change: LightChange, source: string): void {
    const status = this.#status(key);
    if (change.on !== undefined) status.output = change.on;
    if (change.brightness !== undefined) status.brightness = change.brightness;
    status.source = source;
    const on = status.output === true;
    this.#armFlip(key, status, change.toggleAfterS, () => this.setLight(key, { on: !on }, 'timer'));
    this.#notify({
      [key]: this.#delta(key, status, ['output', 'brightness', 'source', 'timer_started_at', 'timer_duration']),
    });
  }

  /** Cover.Open / Cover.Close, for `durationS` at most. */
  moveCover(key: string, direction: Direction, durationS: number | undefined, source: string): void {
    this.#covers.get(key)?.go(direction, durationS !== undefined ? durationS * 1000 : undefined);
    this.#coverChanged(key, source);
  }

  /** Cover.GoToPosition `{pos}`. */
  coverTo(key: string, position: number, source: string): void {
    this.#covers.get(key)?.goTo(position);
    this.#coverChanged(key, source);
  }

  /** Cover.Stop. */
  stopCover(key: string, source: string): void {
    this.#covers.get(key)?.stop();
    this.#coverChanged(key, source);
  }

  /** The position of a cover now. */
  coverPosition(key: string): number | undefined {
    return this.#covers.get(key)?.position();
  }

  /** Live fields over the stored status: cover positions while they move. */
  statusView(status: JsonRecord): void {
    for (const key of this.#covers.keys()) {
      const view = status[key];
      if (isRecord(view)) status[key] = { ...view, ...this.#coverLive(key) };
    }
  }

  /** Cancels timers and movements (the lab stops). */
  stop(): void {
    this.#timers.clear();
    for (const motion of this.#covers.values()) motion.dispose();
  }

  #status(key: string): JsonRecord {
    const existing = this.#dump.status[key];
    if (isRecord(existing)) return existing;
    const created: JsonRecord = { id: Number(key.split(':')[1] ?? 0) };
    this.#dump.status[key] = created;
    return created;
  }

  #delta(key: string, status: JsonRecord, fields: string[]): JsonRecord {
    const delta: JsonRecord = { id: Number(key.split(':')[1] ?? 0) };
    for (const field of fields) if (field in status) delta[field] = status[field];
    return delta;
  }

  #armFlip(key: string, status: JsonRecord, afterS: number | undefined, flip: () => void): void {
    if (afterS !== undefined && afterS > 0) {
      this.#timers.arm(key, afterS * 1000, flip);
      status.timer_started_at = unixSeconds(this.#clock.now());
      status.timer_duration = afterS;
    } else {
      this.#timers.cancel(key);
      delete status.timer_started_at;
      delete status.timer_duration;
    }
  }

  #maxtimeMs(config: JsonRecord, direction: Direction): number {
    const value = direction === 'open' ? config.maxtime_open : config.maxtime_close;
    return (typeof value === 'number' && value > 0 ? value : 60) * 1000;
  }

  /** State names of a Gen2 cover: opening/closing while moving, then open, closed or stopped. */
  #coverLive(key: string): JsonRecord {
    const motion = this.#covers.get(key);
    const status = this.#status(key);
    if (!motion) return {};
    const position = motion.position();
    const moving = motion.moving();
    const live: JsonRecord = {
      state: moving
        ? moving === 'open'
          ? 'opening'
          : 'closing'
        : position >= 100
          ? 'open'
          : position <= 0
            ? 'closed'
            : 'stopped',
    };
    if (status.pos_control !== false) live.current_pos = position;
    live.last_direction = motion.lastDirection() ?? status.last_direction ?? null;
    return live;
  }

  #coverChanged(key: string, source: string): void {
    const status = this.#status(key);
    const motion = this.#covers.get(key);
    status.source = source;
    delete status.move_started_at;
    delete status.move_timeout;
    delete status.target_pos;
    const started = motion?.startedAtMs();
    if (motion && started !== undefined) {
      const config = isRecord(this.#dump.config[key]) ? (this.#dump.config[key] as JsonRecord) : {};
      status.move_started_at = unixSeconds(started);
      status.move_timeout = this.#maxtimeMs(config, motion.moving() ?? 'open') / 1000;
      const target = motion.target();
      if (target !== undefined && target !== 0 && target !== 100) status.target_pos = target;
    }
    Object.assign(status, this.#coverLive(key));
    this.#notify({
      [key]: this.#delta(key, status, ['state', 'source', 'current_pos', 'target_pos', 'last_direction']),
    });
  }

  #coverSettled(key: string): void {
    const position = this.#covers.get(key)?.position();
    // The capture's cover at its end stop reports `"source":"limit_switch"` (rpc/shelly2pmg3/Shelly.GetStatus).
    this.#coverChanged(key, position === 0 || position === 100 ? 'limit_switch' : 'timeout');
  }
}
