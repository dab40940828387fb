import { randomBytes } from 'node:crypto';
import type { NanoleafSettings } from './settings.ts';

type Json = Record<string, unknown>;

/**
 * The state of one simulated Nanoleaf controller, as the whole-device answer of the OpenAPI shows it (key order and
 * shapes of the openHAB captures, ../shared/fixtures/nanoleaf/device_info). Built from the settings, or from a
 * captured device-info JSON (`fixture:`), whose fields it then keeps as recorded; the name is always the scenario's
 * (the lab names its devices). Writes through the API change what later reads return.
 */
export class NanoleafController {
  readonly tokens: Set<string>;
  pairingOpen: boolean;
  readonly #info: Json;

  constructor(settings: NanoleafSettings, name: string, fixture: unknown) {
    this.tokens = new Set(settings.tokens);
    this.pairingOpen = settings.pairingOpen;
    this.#info = isJson(fixture) ? structuredClone(fixture) : defaultInfo(settings);
    this.#info.name = name;
    if (!isJson(fixture)) this.state.on = { value: settings.power };
  }

  get model(): string {
    return String(this.#info.model);
  }

  get firmware(): string {
    return String(this.#info.firmwareVersion);
  }

  get state(): Json {
    if (!isJson(this.#info.state)) this.#info.state = {};
    return this.#info.state as Json;
  }

  /** The whole device state: `GET /api/v1/<token>/`. */
  info(): Json {
    return this.#info;
  }

  /** `POST /api/v1/new` in the pairing window: a new 32-character token. */
  newToken(): string {
    const token = randomBytes(24).toString('base64url').slice(0, 32);
    this.tokens.add(token);
    return token;
  }

  /** `PUT /state`: `{"on":{"value":true}}`, `{"brightness":{"value":50}}`; false when the body is not one. */
  putState(body: unknown): boolean {
    if (!isJson(body)) return false;
    let changed = false;
    for (const key of ['on', 'brightness', 'hue', 'sat', 'ct'] as const) {
      const update = body[key];
      if (!isJson(update) || !('value' in update)) continue;
      const current = isJson(this.state[key]) ? (this.state[key] as Json) : {};
      this.state[key] = { ...current, value: update.value };
      changed = true;
    }
    return changed;
  }

  /** `PUT /effects` with `{"select": "<name>"}`. */
  selectEffect(body: unknown): boolean {
    if (!isJson(body) || typeof body.select !== 'string') return false;
    const effects = isJson(this.#info.effects) ? (this.#info.effects as Json) : {};
    effects.select = body.select;
    this.#info.effects = effects;
    return true;
  }
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Canvas-like controller; keys in the order real controllers send them. */
function defaultInfo(settings: NanoleafSettings): Json {
  return {
    name: '',
    serialNo: settings.serialNo,
    manufacturer: 'Nanoleaf',
    firmwareVersion: settings.firmware,
    hardwareVersion: settings.hwVersion,
    model: settings.model,
    discovery: {},
    effects: { effectsList: ['Forest', 'Nemo', 'Northern Lights'], select: 'Forest' },
    firmwareUpgrade: {},
    panelLayout: {
      globalOrientation: { value: 0, max: 360, min: 0 },
      layout: { numPanels: 1, sideLength: 100, positionData: [{ panelId: 1, x: 0, y: 0, o: 0, shapeType: 2 }] },
    },
    schedules: {},
    state: {
      brightness: { value: 100, max: 100, min: 0 },
      colorMode: 'effect',
      ct: { value: 4000, max: 6500, min: 1200 },
      hue: { value: 0, max: 360, min: 0 },
      on: { value: false },
      sat: { value: 0, max: 100, min: 0 },
    },
  };
}
