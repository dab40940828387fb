/**
 * What a device's name says about it. Names are the owner's own words ("garage-door", "nursery-camera"), so they
 * are a fair hint, shown with the source "device name" and overridden by anything the owner states. Names are
 * untrusted text: they are only matched against these words, never echoed into a command.
 */
import type { FunctionCategory } from '../../families/function-category.ts';

interface CategoryHint {
  pattern: RegExp;
  category: FunctionCategory;
  /** What the device controls, when the name says it. */
  controls?: string;
}

/** Most specific first: "garage-door" is a garage door even though it is also a relay. */
const CATEGORY_HINTS: readonly CategoryHint[] = [
  { pattern: /garage|roller[- ]?door/, category: 'garage-door', controls: 'garage door' },
  { pattern: /gate/, category: 'garage-door', controls: 'gate' },
  { pattern: /lock|deadbolt/, category: 'lock', controls: 'door lock' },
  { pattern: /heater|radiator|boiler|kettle|oven|iron|space[- ]?heat/, category: 'heater', controls: 'heater' },
  { pattern: /coffee|espresso/, category: 'heater', controls: 'coffee maker' },
  { pattern: /camera|\bcam\b|doorbell|baby[- ]?monitor/, category: 'camera' },
  { pattern: /speaker|echo|alexa|homepod|nest[- ]?(mini|audio|hub)|sonos/, category: 'speaker' },
  // Smart TVs and streamers listen for voice commands (remote or built-in microphone): the same privacy class.
  { pattern: /\btv\b|chromecast|streamer/, category: 'speaker', controls: 'TV' },
  { pattern: /router|gateway|access[- ]?point|\bap\b|switch[- ]?poe/, category: 'network' },
  { pattern: /laptop|phone|desktop|\bpc\b|tablet|\bnas\b/, category: 'computer' },
  { pattern: /bridge|\bhub\b/, category: 'hub' },
  { pattern: /sensor|thermometer|air[- ]?quality|smoke|leak/, category: 'sensor' },
];

/** Loads the name may say a plug or relay switches (no category change: a plug on a pump is still a plug). */
const CONTROL_HINTS: ReadonlyArray<[RegExp, string]> = [
  [/pump/, 'pump'],
  [/fan/, 'fan'],
  [/christmas|xmas/, 'christmas tree'],
  [/dehumidifier/, 'dehumidifier'],
  [/aquarium/, 'aquarium'],
  [/\btv\b/, 'TV'],
  [/lamp|light/, 'light'],
];

const ROOMS = [
  'nursery',
  'bedroom',
  'bathroom',
  'kitchen',
  'living room',
  'office',
  'hall',
  'stairs',
  'garage',
  'workshop',
  'garden',
  'porch',
  'driveway',
  'pool',
  'patio',
  'yard',
] as const;
const OUTSIDE_ROOMS = new Set<string>(['garden', 'porch', 'driveway', 'pool', 'patio', 'yard']);
const CHILD_WORDS = /nursery|kids?\b|child|baby/;

export interface NameHints {
  category?: FunctionCategory;
  controls?: string;
  room?: string;
  outside?: boolean;
  users?: string[];
}

/** Words in the name, lower case, separators as spaces ("Living_Room-TV" → "living room tv"). */
function words(name: string): string {
  return ` ${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/** The hints a device name gives; empty for a name that says nothing iotwarden knows. */
export function hintsFromName(name: string | null | undefined): NameHints {
  if (!name) return {};
  const text = words(name);
  const hints: NameHints = {};
  const category = CATEGORY_HINTS.find((hint) => hint.pattern.test(text));
  if (category) {
    hints.category = category.category;
    if (category.controls) hints.controls = category.controls;
  }
  if (!hints.controls) {
    const control = CONTROL_HINTS.find(([pattern]) => pattern.test(text));
    if (control) hints.controls = control[1];
  }
  const room = ROOMS.find((candidate) => text.includes(` ${candidate} `));
  if (room) {
    hints.room = room;
    hints.outside = OUTSIDE_ROOMS.has(room);
  }
  if (CHILD_WORDS.test(text)) hints.users = ['child'];
  return hints;
}
