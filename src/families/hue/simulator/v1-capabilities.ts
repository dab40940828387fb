import type { HueBridgeModel } from './bridge-model.ts';
import { v1Groups } from './group-members.ts';
import { v1LightEntries } from './v1-lights.ts';
import { v1SceneList } from './v1-scenes.ts';
import { v1SensorList } from './v1-sensors.ts';

/**
 * GET /api/<key>/capabilities (Hue API v1, "Capabilities API", 10.1): per resource kind how many the bridge holds
 * at most (`total`, the limits of a BSB002) and how many more fit (`available`). The lab keeps no schedules, rules
 * or resource links, and its scenes store one light state per light.
 */
const LIMITS = {
  lights: 63,
  sensors: 250,
  zll: 64,
  zgp: 64,
  groups: 64,
  scenes: 200,
  lightstates: 12_600,
  schedules: 100,
  rules: 250,
  conditions: 1500,
  actions: 1000,
  resourcelinks: 64,
};

/** A short, real sample of the time zones a bridge lists (it lists the whole tz database). */
const TIMEZONES = ['CET', 'UTC', 'Europe/Amsterdam', 'Europe/Berlin', 'Europe/London', 'America/New_York'];

function limit(total: number, used: number): { available: number; total: number } {
  return { available: Math.max(0, total - used), total };
}

export function v1Capabilities(model: HueBridgeModel, timezone: string): Record<string, unknown> {
  const lights = v1LightEntries(model).length;
  const sensors = Object.keys(v1SensorList(model)).length;
  const groups = v1Groups(model).filter((g) => g.number !== 0).length;
  const scenes = Object.values(v1SceneList(model)) as Array<{ lights: unknown[] }>;
  const lightstates = scenes.reduce((n, s) => n + s.lights.length, 0);
  return {
    lights: limit(LIMITS.lights, lights),
    sensors: {
      ...limit(LIMITS.sensors, sensors),
      clip: limit(LIMITS.sensors, 1),
      zll: limit(LIMITS.zll, Math.max(0, sensors - 1)),
      zgp: limit(LIMITS.zgp, 0),
    },
    groups: limit(LIMITS.groups, groups),
    scenes: { ...limit(LIMITS.scenes, scenes.length), lightstates: limit(LIMITS.lightstates, lightstates) },
    schedules: limit(LIMITS.schedules, 0),
    rules: {
      ...limit(LIMITS.rules, 0),
      conditions: limit(LIMITS.conditions, 0),
      actions: limit(LIMITS.actions, 0),
    },
    resourcelinks: limit(LIMITS.resourcelinks, 0),
    streaming: { available: 1, total: 1, channels: 20 },
    timezones: { values: [...new Set([timezone, ...TIMEZONES])].sort() },
  };
}
