import type { Clock } from '../../../util/clock.ts';
import type { ChangeFeed } from '../../shelly/simulator/change-feed.ts';
import { CoverMotion, type Direction } from '../../shelly/simulator/cover-motion.ts';
import { FlipTimers } from '../../shelly/simulator/flip-timer.ts';
import { isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import type { Gen1Dump } from './profiles.ts';

/** What changed on a Gen1 device: its status (a relay switched) or its settings (cfg_changed_cnt moved). */
export type Gen1Change = { kind: 'status' } | { kind: 'settings' };

/** A refused command: the HTTP status and the text/plain message the Gen1 API answers with. */
export interface Gen1Refusal {
  refusal: true;
  status: number;
  message: string;
}

/** A refusal with its HTTP status. */
export const refusal = (status: number, message: string): Gen1Refusal => ({ refusal: true, status, message });

/** Parameters of `/roller/N`, already parsed (Shelly Gen1 API docs, Shelly2.5 `/roller/{index}`). */
export interface RollerCommand {
  go: 'open' | 'close' | 'stop' | 'to_pos';
  rollerPos?: number;
  durationS?: number;
  offset?: number;
}

/** Parameters of `/light/N` (Shelly Dimmer 1/2 and RGBW2 White `/light/{index}`, `/white/{index}`). */
export interface LightCommand {
  turn?: 'on' | 'off' | 'toggle';
  brightness?: number;
  transitionMs?: number;
  timerS?: number;
}

export type Turn = 'on' | 'off' | 'toggle';

const records = (value: unknown): JsonRecord[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * The output channels of a Gen1 Shelly and what drives them: relays (`/relay/N`), the logical roller of a Shelly
 * 2.5 in roller mode (`/roller/N`), dimmer lights (`/light/N`), with their flip-back timers and `auto_on`/`auto_off`
 * on the lab clock. State lives in the dump's `status`/`settings` arrays, so /status, /settings, /relay/N and CoIoT
 * all read the same values; every change is announced on the device's change feed.
 */
export class Gen1Controls {
  readonly #dump: Gen1Dump;
  readonly #clock: Clock;
  readonly #feed: ChangeFeed<Gen1Change>;
  readonly #timers: FlipTimers;
  readonly #rollers: CoverMotion[];
  readonly #rollerSource: string[];

  constructor(options: { dump: Gen1Dump; clock: Clock; feed: ChangeFeed<Gen1Change> }) {
    this.#dump = options.dump;
    this.#clock = options.clock;
    this.#feed = options.feed;
    this.#timers = new FlipTimers(options.clock);
    const rollerSettings = records(options.dump.settings.rollers);
    this.#rollerSource = rollerSettings.map(() => 'input');
    this.#rollers = rollerSettings.map(
      (settings) =>
        new CoverMotion({
          clock: options.clock,
          position: 0,
          fullTravelMs: (direction) => this.#maxtimeMs(settings, direction),
          onSettled: () => this.#feed.emit({ kind: 'status' }),
        }),
    );
  }

  /** `relay`, `roller` (Shelly 2.5), `white` or `color`. */
  get mode(): string {
    return typeof this.#dump.settings.mode === 'string' ? this.#dump.settings.mode : 'relay';
  }

  get rollerCapable(): boolean {
    return this.#rollers.length > 0;
  }

  /** Relays are driven in relay mode only; in roller mode /status hides them (Gen1 API docs, Shelly2.5 /status). */
  relaysActive(): boolean {
    return this.mode !== 'roller';
  }

  relayCount(): number {
    return this.relaysActive() ? records(this.#dump.status.relays).length : 0;
  }

  rollerCount(): number {
    return this.mode === 'roller' ? this.#rollers.length : 0;
  }

  lightCount(): number {
    return records(this.#dump.status.lights).length;
  }

  meterCount(): number {
    return records(this.#dump.status.meters).length;
  }

  /** Switches a Shelly 2.5 between `relay` and `roller`; everything stops and switches off on the way. */
  setMode(mode: 'relay' | 'roller'): boolean {
    if (!this.rollerCapable || mode === this.mode) return false;
    for (const roller of this.#rollers) roller.stop();
    records(this.#dump.status.relays).forEach((_, index) => {
      this.#setRelay(index, false, 'http');
    });
    this.#dump.settings.mode = mode;
    this.#feed.emit({ kind: 'status' });
    return true;
  }

  /** GET /relay/N: the channel's status, with the timer as it stands now. */
  relay(index: number): JsonRecord | undefined {
    const relay = records(this.#dump.status.relays)[index];
    if (!relay || !this.relaysActive()) return undefined;
    return { ...relay, timer_remaining: this.#timers.remainingS(`relay:${index}`) };
  }

  /** `/relay/N?turn=…&timer=…`. */
  turnRelay(index: number, turn: Turn, timerS: number | undefined, source = 'http'): JsonRecord | Gen1Refusal {
    const relay = records(this.#dump.status.relays)[index];
    if (!relay || !this.relaysActive()) return refusal(404, 'Not Found');
    const on = turn === 'toggle' ? relay.ison !== true : turn === 'on';
    this.#setRelay(index, on, source, timerS);
    this.#feed.emit({ kind: 'status' });
    return this.relay(index) ?? relay;
  }

  /** GET /roller/N (field order of a recorded Shelly 2.5 `POST /roller/0?go=close` answer). */
  roller(index: number): JsonRecord | undefined {
    const motion = this.#rollers[index];
    if (!motion || this.mode !== 'roller') return undefined;
    const settings = records(this.#dump.settings.rollers)[index] ?? {};
    return {
      state: motion.moving() ?? 'stop',
      source: this.#rollerSource[index] ?? 'input',
      power: 0.0,
      is_valid: true,
      safety_switch: false,
      overtemperature: false,
      stop_reason: motion.stopReason(),
      last_direction: motion.lastDirection() ?? 'stop',
      current_pos: settings.positioning === false ? -1 : motion.position(),
      calibrating: false,
      positioning: settings.positioning !== false,
    };
  }

  /** `/roller/N?go=open|close|stop|to_pos&roller_pos=&duration=&offset=`. */
  moveRoller(index: number, command: RollerCommand, source = 'http'): JsonRecord | Gen1Refusal {
    const motion = this.#rollers[index];
    if (!motion || this.mode !== 'roller') return refusal(404, 'Not Found');
    const positioning = records(this.#dump.settings.rollers)[index]?.positioning !== false;
    if ((command.go === 'to_pos' || command.offset !== undefined) && !positioning) {
      return refusal(400, 'Roller is not calibrated');
    }
    if (command.go === 'stop') motion.stop();
    else if (command.go === 'to_pos') motion.goTo(command.rollerPos ?? motion.position());
    else if (command.offset !== undefined) motion.goTo(motion.position() + this.#signed(command.go, command.offset));
    else motion.go(command.go, command.durationS !== undefined ? command.durationS * 1000 : undefined);
    this.#rollerSource[index] = source;
    this.#feed.emit({ kind: 'status' });
    return this.roller(index) ?? {};
  }

  /** GET /light/N. */
  light(index: number): JsonRecord | undefined {
    const light = records(this.#dump.status.lights)[index];
    return light ? { ...light, timer_remaining: this.#timers.remainingS(`light:${index}`) } : undefined;
  }

  /** `/light/N?turn=&brightness=&transition=&timer=`. */
  setLight(index: number, command: LightCommand, source = 'http'): JsonRecord | Gen1Refusal {
    const light = records(this.#dump.status.lights)[index];
    if (!light) return refusal(404, 'Not Found');
    if (command.brightness !== undefined) light.brightness = command.brightness;
    if (command.transitionMs !== undefined) light.transition = command.transitionMs;
    if (command.turn !== undefined) {
      const on = command.turn === 'toggle' ? light.ison !== true : command.turn === 'on';
      this.#setLight(index, on, source, command.timerS);
    } else {
      light.source = source;
    }
    this.#feed.emit({ kind: 'status' });
    return this.light(index) ?? light;
  }

  /** GET /meter/N. */
  meter(index: number): JsonRecord | undefined {
    const meter = records(this.#dump.status.meters)[index];
    return meter ? { ...meter } : undefined;
  }

  /** The /status arrays as they stand: relays or rollers by mode, lights with live timers. */
  statusView(status: JsonRecord): void {
    if (this.mode === 'roller') {
      delete status.relays;
      status.rollers = this.#rollers.map((_, index) => this.roller(index));
    } else if (Array.isArray(status.relays)) {
      status.relays = records(status.relays).map((relay, index) => ({
        ...relay,
        timer_remaining: this.#timers.remainingS(`relay:${index}`),
      }));
    }
    if (Array.isArray(status.lights)) {
      status.lights = records(status.lights).map((light, index) => ({
        ...light,
        timer_remaining: this.#timers.remainingS(`light:${index}`),
      }));
    }
  }

  /** Cancels timers and movements (the lab stops). */
  stop(): void {
    this.#timers.clear();
    for (const roller of this.#rollers) roller.dispose();
  }

  #maxtimeMs(settings: JsonRecord, direction: Direction): number {
    const specific = direction === 'open' ? settings.maxtime_open : settings.maxtime_close;
    const value = typeof specific === 'number' && specific > 0 ? specific : settings.maxtime;
    return (typeof value === 'number' && value > 0 ? value : 20) * 1000;
  }

  #signed(go: 'open' | 'close', offset: number): number {
    return go === 'open' ? offset : -offset;
  }

  /** Sets a relay and arms its flip-back: the one-shot `timer`, else the configured `auto_off`/`auto_on`. */
  #setRelay(index: number, on: boolean, source: string, timerS?: number): void {
    const relay = records(this.#dump.status.relays)[index];
    if (!relay) return;
    const settings = records(this.#dump.settings.relays)[index];
    relay.ison = on;
    relay.source = source;
    const auto = on ? settings?.auto_off : settings?.auto_on;
    const flipAfterS = timerS !== undefined && timerS > 0 ? timerS : typeof auto === 'number' && auto > 0 ? auto : 0;
    this.#arm(`relay:${index}`, relay, flipAfterS, () => {
      this.#setRelay(index, !on, 'timer');
      this.#feed.emit({ kind: 'status' });
    });
    if (settings) {
      settings.ison = on;
      settings.has_timer = relay.has_timer;
    }
  }

  #setLight(index: number, on: boolean, source: string, timerS?: number): void {
    const light = records(this.#dump.status.lights)[index];
    if (!light) return;
    const settings = records(this.#dump.settings.lights)[index];
    light.ison = on;
    light.source = source;
    const auto = on ? settings?.auto_off : settings?.auto_on;
    const flipAfterS = timerS !== undefined && timerS > 0 ? timerS : typeof auto === 'number' && auto > 0 ? auto : 0;
    this.#arm(`light:${index}`, light, flipAfterS, () => {
      this.#setLight(index, !on, 'timer');
      this.#feed.emit({ kind: 'status' });
    });
    if (settings) settings.ison = on;
  }

  #arm(channel: string, view: JsonRecord, flipAfterS: number, flip: () => void): void {
    if (flipAfterS > 0) {
      this.#timers.arm(channel, flipAfterS * 1000, flip);
      view.has_timer = true;
      view.timer_started = seconds(this.#clock.now());
      view.timer_duration = flipAfterS;
    } else {
      this.#timers.cancel(channel);
      view.has_timer = false;
      view.timer_started = 0;
      view.timer_duration = 0;
    }
  }
}
