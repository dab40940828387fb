import { castCaptures } from './captures.ts';

/**
 * The lab loads a family's simulator from here by convention (src/lab/kinds.ts): `simulator`, its lab kind, and
 * `captures`, the shared real-device captures it replays (the contract suite reads each one back).
 */
export { castKind as simulator } from './kind.ts';

export const captures = castCaptures;
