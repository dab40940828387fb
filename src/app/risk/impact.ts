/**
 * Impact: how bad misuse would be, from what the device is (category), what it controls and where it is. The
 * dimensions are the issue's: physical safety, privacy, property and the network itself. The highest wins.
 */
import type { FunctionCategory } from '../../families/function-category.ts';
import type { DeviceContext, Impact, ImpactDimension, Rating } from './types.ts';

interface Base {
  level: number;
  dimension: ImpactDimension;
  harm: (context: DeviceContext) => string;
  because: string;
}

const controlled = (context: DeviceContext, fallback: string) => context.controls?.value ?? fallback;

/** Per category: the starting level, its dimension and what misuse does. */
const BASE: Readonly<Record<FunctionCategory, Base>> = {
  'garage-door': {
    level: 5,
    dimension: 'safety',
    harm: (c) => `open the ${controlled(c, 'garage door')}`,
    because: 'it opens a way into the house',
  },
  lock: { level: 5, dimension: 'safety', harm: () => 'unlock the door', because: 'it keeps people out' },
  heater: {
    level: 4,
    dimension: 'safety',
    harm: (c) => `switch the ${controlled(c, 'heater')} on while nobody is home`,
    because: 'a high-power load left on is a fire risk',
  },
  camera: {
    level: 3,
    dimension: 'privacy',
    harm: (c) => `watch ${where(c, 'the camera')}`,
    because: 'it sees inside your home',
  },
  speaker: {
    level: 3,
    dimension: 'privacy',
    harm: (c) => `listen in on ${where(c, 'the room')}`,
    because: 'it has a microphone',
  },
  hub: {
    level: 4,
    dimension: 'network',
    harm: () => 'control every device behind the hub',
    because: 'it commands other devices',
  },
  network: {
    level: 5,
    dimension: 'network',
    harm: () => 'see and redirect all your traffic',
    because: 'every device talks through it',
  },
  computer: {
    level: 4,
    dimension: 'network',
    harm: () => 'reach your files and accounts',
    because: 'it holds data and talks to trusted devices',
  },
  switch: {
    level: 2,
    dimension: 'property',
    harm: (c) => `switch the ${controlled(c, 'relay')} on and off`,
    because: 'it switches mains power',
  },
  plug: {
    level: 2,
    dimension: 'property',
    harm: (c) => `switch the ${controlled(c, 'plug')} on and off`,
    because: 'it switches mains power',
  },
  light: {
    level: 1,
    dimension: 'property',
    harm: (c) => `switch the ${controlled(c, 'light')}`,
    because: 'it is a light',
  },
  sensor: { level: 1, dimension: 'property', harm: () => 'read or fake its readings', because: 'it only reports' },
};

/** Loads that make a plain plug or relay a safety matter (a pump runs dry, a heater burns). */
const SAFETY_LOADS = /heater|radiator|boiler|kettle|oven|iron|coffee|pump|garage|gate|lock|dehumidifier/;
const PRIVATE_ROOMS = new Set(['nursery', 'bedroom', 'bathroom']);

function where(context: DeviceContext, fallback: string): string {
  return context.room ? `the ${context.room.value}` : fallback;
}

/** Privacy: nursery, bedroom and bathroom count highest, a child raises it, outside lowers it. */
function privacyLevel(base: number, context: DeviceContext): { level: number; why: string[] } {
  const why: string[] = [];
  let level = base;
  if (context.room && PRIVATE_ROOMS.has(context.room.value)) {
    level += 2;
    why.push(`it is in the ${context.room.value} (${context.room.source})`);
  } else if (context.outside?.value === true) {
    level -= 1;
    why.push(`it is outside (${context.outside.source})`);
  }
  if (context.users?.value.includes('child')) {
    level += 1;
    why.push(`a child is near it (${context.users.source})`);
  }
  return { level, why };
}

/** The impact of misuse of one device in its context. */
export function assessImpact(context: DeviceContext): Impact {
  const category = context.category.value;
  const base = BASE[category];
  let level = base.level;
  let dimension = base.dimension;
  const why = [`${base.because} (${category}, ${context.category.source})`];
  const controls = context.controls?.value.toLowerCase();
  if ((category === 'plug' || category === 'switch') && controls && SAFETY_LOADS.test(controls)) {
    level = 4;
    dimension = 'safety';
    why.push(`it powers a ${controls} (${context.controls!.source})`);
  }
  if (dimension === 'privacy') {
    const privacy = privacyLevel(level, context);
    level = privacy.level;
    why.push(...privacy.why);
  }
  return {
    level: Math.max(1, Math.min(5, level)) as Rating,
    dimension,
    harm: base.harm(context),
    because: why.join('; '),
  };
}
