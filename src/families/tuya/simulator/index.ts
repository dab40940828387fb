import type { CaptureList } from '../../../lab/core/captures.ts';

/**
 * The lab loads a family's simulator from here by convention (src/lab/kinds.ts): `simulator`, its lab kind, and
 * `captures`, the shared real-device captures it replays (the contract suite reads each one back).
 */
export { tuyaKind as simulator } from './kind.ts';

/**
 * ../shared/fixtures/tuya holds cloud device records (Home Assistant's Tuya fixtures), not LAN answers: a device
 * speaks none of them on the local protocol, so the simulator replays none.
 */
export const captures: CaptureList = () => [];
