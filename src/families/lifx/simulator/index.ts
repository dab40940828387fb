import type { CaptureList } from '../../../lab/core/captures.ts';

/**
 * The lab loads a family's simulator from here by convention (src/lab/kinds.ts): `simulator`, its lab kind, and
 * `captures`, the shared real-device captures it replays (the contract suite reads each one back).
 */
export { lifxKind as simulator } from './kind.ts';

/**
 * ../shared/fixtures/lifx holds no device state to replay: only LIFX's protocol and product definitions and one
 * documented StateLabel packet (read by the wire tests), so the simulator has no `fixture:`.
 */
export const captures: CaptureList = () => [];
