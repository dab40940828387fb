import type { AcceptedUpdate } from '../../shelly/simulator/firmware-update.ts';
import type { JsonRecord } from '../../shelly/simulator/json-tools.ts';
import { finiteNumber, gen1Bool } from '../../shelly/simulator/query-flags.ts';
import type { Gen1Actions } from './actions.ts';
import { type Gen1Refusal, type LightCommand, type RollerCommand, refusal, type Turn } from './controls.ts';
import type { SimulatedShellyGen1 } from './device.ts';
import {
  applyApSettings,
  applyDeviceSettings,
  applyLightSettings,
  applyRelaySettings,
  applyRollerSettings,
  applyStaSettings,
  channelSettings,
} from './settings-writes.ts';

/** What a route answers: JSON, or a text/plain error (Gen1 API docs, HTTP dialect), and maybe a reboot to start. */
export type Gen1Answer = { status: number; json: unknown; after?: AcceptedUpdate } | { status: number; text: string };

export interface Gen1RouteContext {
  device: SimulatedShellyGen1;
  actions: Gen1Actions;
}

const json = (body: unknown, after?: AcceptedUpdate): Gen1Answer => ({
  status: 200,
  json: body,
  ...(after ? { after } : {}),
});
const refused = (refusal: Gen1Refusal): Gen1Answer => ({ status: refusal.status, text: refusal.message });
const notFound: Gen1Answer = { status: 404, text: 'Not Found' };
const isRefusal = (value: unknown): value is Gen1Refusal =>
  typeof value === 'object' && value !== null && (value as { refusal?: unknown }).refusal === true;

function outcome(value: JsonRecord | Gen1Refusal): Gen1Answer {
  return isRefusal(value) ? refused(value) : json(value);
}

function numberParam(
  params: URLSearchParams,
  name: string,
  min: number,
  max: number,
): number | undefined | Gen1Refusal {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const value = finiteNumber(raw);
  return value === undefined || value < min || value > max ? refusal(400, `Bad value for ${name}!`) : value;
}

function turnParam(params: URLSearchParams): Turn | undefined | Gen1Refusal {
  const turn = params.get('turn');
  if (turn === null) return undefined;
  return turn === 'on' || turn === 'off' || turn === 'toggle' ? turn : refusal(400, 'Bad value for turn!');
}

function relayRoute({ device }: Gen1RouteContext, index: number, params: URLSearchParams): Gen1Answer {
  const turn = turnParam(params);
  const timer = numberParam(params, 'timer', 0, 86400);
  if (isRefusal(turn)) return refused(turn);
  if (isRefusal(timer)) return refused(timer);
  if (turn === undefined) {
    const view = device.controls.relay(index);
    return view ? json(view) : notFound;
  }
  return outcome(device.controls.turnRelay(index, turn, timer));
}

function rollerRoute({ device }: Gen1RouteContext, index: number, params: URLSearchParams): Gen1Answer {
  const go = params.get('go');
  if (go === null) {
    const view = device.controls.roller(index);
    return view ? json(view) : notFound;
  }
  if (go !== 'open' && go !== 'close' && go !== 'stop' && go !== 'to_pos')
    return { status: 400, text: 'Bad value for go!' };
  const position = numberParam(params, 'roller_pos', 0, 100);
  const duration = numberParam(params, 'duration', 0, 300);
  const offset = numberParam(params, 'offset', 0, 100);
  for (const value of [position, duration, offset]) if (isRefusal(value)) return refused(value);
  if (go === 'to_pos' && position === undefined) return { status: 400, text: 'Bad value for roller_pos!' };
  const command: RollerCommand = { go };
  if (typeof position === 'number') command.rollerPos = position;
  if (typeof duration === 'number') command.durationS = duration;
  if (typeof offset === 'number' && (go === 'open' || go === 'close')) command.offset = offset;
  return outcome(device.controls.moveRoller(index, command));
}

function lightRoute({ device }: Gen1RouteContext, index: number, params: URLSearchParams): Gen1Answer {
  const turn = turnParam(params);
  const brightness = numberParam(params, 'brightness', 0, 100);
  const transition = numberParam(params, 'transition', 0, 5000);
  const timer = numberParam(params, 'timer', 0, 86400);
  for (const value of [turn, brightness, transition, timer]) if (isRefusal(value)) return refused(value as Gen1Refusal);
  const command: LightCommand = {};
  if (typeof turn === 'string') command.turn = turn;
  if (typeof brightness === 'number') command.brightness = Math.round(brightness);
  if (typeof transition === 'number') command.transitionMs = transition;
  if (typeof timer === 'number') command.timerS = timer;
  if (Object.keys(command).length === 0) {
    const view = device.controls.light(index);
    return view ? json(view) : notFound;
  }
  return outcome(device.controls.setLight(index, command));
}

/** `/settings/relay/N`, `/settings/roller/N`, `/settings/light/N`: read or write one channel's settings. */
function channelSettingsRoute(
  { device }: Gen1RouteContext,
  array: 'relays' | 'rollers' | 'lights',
  index: number,
  params: URLSearchParams,
): Gen1Answer {
  const channel = channelSettings(device.settingsDocument, array, index);
  if (!channel) return notFound;
  const apply =
    array === 'relays' ? applyRelaySettings : array === 'rollers' ? applyRollerSettings : applyLightSettings;
  const result = apply(channel, params);
  if ('error' in result) return { status: 400, text: result.error };
  if (result.changed) device.settingsChanged();
  const view = channelSettings(device.settings(), array, index);
  return json(view ?? channel);
}

/** The channel routes: `/relay/0`, `/roller/0`, `/light/0`, `/meter/0` and their `/settings/…/N` twins. */
function channelRoute(context: Gen1RouteContext, path: string, params: URLSearchParams): Gen1Answer | undefined {
  const match = /^\/(settings\/)?(relay|roller|light|meter)\/(\d{1,2})$/.exec(path);
  if (!match?.[2] || !match[3]) return undefined;
  const index = Number(match[3]);
  const kind = match[2];
  if (context.device.controlLost && kind !== 'meter') return notFound;
  if (match[1]) {
    if (kind === 'meter') return notFound;
    return channelSettingsRoute(context, `${kind}s` as 'relays' | 'rollers' | 'lights', index, params);
  }
  if (kind === 'relay') return relayRoute(context, index, params);
  if (kind === 'roller') return rollerRoute(context, index, params);
  if (kind === 'light') return lightRoute(context, index, params);
  const meter = context.device.controls.meter(index);
  return meter ? json(meter) : notFound;
}

function settingsRoute(
  { device, actions }: Gen1RouteContext,
  path: string,
  params: URLSearchParams,
): Gen1Answer | undefined {
  const settings = device.settingsDocument;
  const written = (result: { changed: boolean } | { error: string }, view: () => unknown): Gen1Answer => {
    if ('error' in result) return { status: 400, text: result.error };
    if (result.changed) device.settingsChanged();
    return json(view());
  };
  switch (path) {
    case '/settings':
    case '/settings/advanced':
      return written(
        applyDeviceSettings(settings, params, (mode) => device.controls.setMode(mode)),
        () => device.settings(),
      );
    case '/settings/ap':
      return written(applyApSettings(settings, params), () => device.settings().wifi_ap);
    case '/settings/sta':
    case '/settings/sta1': {
      const which = path === '/settings/sta' ? 'wifi_sta' : 'wifi_sta1';
      return written(applyStaSettings(settings, which, params), () => device.settings()[which]);
    }
    case '/settings/actions':
      return written(actions.apply(params), () => actions.view());
    case '/settings/login':
      return loginRoute(device, params);
    case '/settings/cloud': {
      const enabled = params.get('enabled');
      if (enabled !== null) {
        device.setCloud(gen1Bool(enabled));
        device.settingsChanged();
      }
      return json(device.cloud());
    }
    default:
      return undefined;
  }
}

/** `/settings/login?enabled=&unprotected=&username=&password=`; user and password 1 to 50 characters (Gen1 API). */
function loginRoute(device: SimulatedShellyGen1, params: URLSearchParams): Gen1Answer {
  const change: Parameters<SimulatedShellyGen1['setLogin']>[0] = {};
  const enabled = params.get('enabled');
  const unprotected = params.get('unprotected');
  const username = params.get('username');
  const password = params.get('password');
  for (const [name, value] of [
    ['username', username],
    ['password', password],
  ] as const) {
    if (value !== null && (value.length < 1 || value.length > 50))
      return { status: 400, text: `Bad value for ${name}!` };
  }
  if (enabled !== null) change.enabled = gen1Bool(enabled);
  if (unprotected !== null) change.unprotected = gen1Bool(unprotected);
  if (username !== null) change.username = username;
  if (password !== null) change.password = password;
  if (Object.keys(change).length > 0) {
    device.setLogin(change);
    device.settingsChanged();
  }
  return json(device.login());
}

/** Every path behind the login (all but /shelly). Undefined for a path the device does not have. */
export function gen1Route(context: Gen1RouteContext, path: string, params: URLSearchParams): Gen1Answer {
  const { device } = context;
  switch (path) {
    case '/status':
      return json(device.status());
    case '/cit/d':
      return device.httpCitD ? json(device.coiotSource().model().description) : notFound;
    case '/cit/s':
      return device.httpCitD
        ? json({
            G: device
              .coiotSource()
              .model()
              .values.map(([id, value]) => [0, id, value]),
          })
        : notFound;
    case '/ota':
      if (gen1Bool(params.get('update') ?? '')) {
        const update = device.beginUpdate();
        return json(device.ota(), update);
      }
      return json(device.ota());
    case '/ota/check':
      // The device asks its update server; the lab's offer is already known, so the check always succeeds.
      return json({ status: 'ok' });
    case '/reboot': {
      const reboot = device.reboot();
      return reboot ? json({}, reboot) : { status: 400, text: 'Device is busy' };
    }
    default:
      return settingsRoute(context, path, params) ?? channelRoute(context, path, params) ?? notFound;
  }
}
