import type { CaptureList } from '../../../lab/core/captures.ts';

/**
 * The lab loads a family's simulator from here by convention (src/lab/kinds.ts): `simulator`, its lab kind, and
 * `captures`, the shared real-device captures it replays (the contract suite reads each one back).
 */
export { esphomeKind as simulator } from './kind.ts';

/** ../shared/fixtures holds no esphome captures (fixtures README): the simulator replays its built-in profiles. */
export const captures: CaptureList = () => [];
