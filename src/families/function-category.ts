/**
 * What a device does in the home, the first input of the risk register (issue 16). The same plug on a Christmas
 * tree and on a heater are one category with different `controls` tags; the category says what the device itself
 * is. The list is the issue's, in the order it gives them.
 */
export const FUNCTION_CATEGORIES = [
  'light',
  'plug',
  'switch',
  'heater',
  'lock',
  'garage-door',
  'camera',
  'speaker',
  'sensor',
  'hub',
  'network',
  'computer',
] as const;

/** One function category; `switch` covers relays, `heater` any high-power load, `speaker` anything with a microphone. */
export type FunctionCategory = (typeof FUNCTION_CATEGORIES)[number];

/** Whether a string from the command line, a config file or the database is a known category. */
export function isFunctionCategory(value: string): value is FunctionCategory {
  return (FUNCTION_CATEGORIES as readonly string[]).includes(value);
}

/** How far a family's devices work without the vendor's cloud. */
export type LocalOperation =
  /** Set up and run on the local network alone. */
  | 'local-only'
  /** Work locally once set up, but setup (or the key for local control) goes through the vendor's cloud account. */
  | 'after-cloud-setup'
  /** Need the vendor's cloud to work at all. */
  | 'cloud-required';

/**
 * What the risk register and `iotwarden advise` need to know about a family before and after it is in the home.
 * Each family decides in its descriptor; nothing switches on family ids.
 */
export interface FamilyRiskProfile {
  /** The category of one of the family's devices, from its model (`SHSW-1` is a relay, `SNPL-…` a plug). */
  category(model: string | undefined): FunctionCategory;
  /** Whether the local API asks for credentials: never, only when the owner switches it on, or always. */
  localAuth: 'none' | 'optional' | 'required';
  localOperation: LocalOperation;
  /** One line on the local API, for `advise` ("REST over HTTP on port 80; login off by default"). */
  localApi: string;
}
