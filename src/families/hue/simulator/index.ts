import type { UpdateOffer } from '../../../lab/core/update-offer.ts';
import { DEFAULT_HUE_APP_KEY } from './settings.ts';

/**
 * The lab loads a family's simulator from here by convention (src/lab/kinds.ts): `simulator`, its lab kind, and
 * `captures`, the shared real-device captures it replays (the contract suite reads each one back); and, as the
 * family installs firmware, `updateOffer`.
 */
export { hueCaptures as captures } from './captures.ts';
export { hueKind as simulator } from './kind.ts';

/** A bridge on 1967054020 with 1968096020 downloaded (`readytoinstall`); installing needs the application key. */
export const updateOffer: UpdateOffer = {
  settings: { firmware: '1967054020', update: { version: '1968096020', durationMs: 1000 } },
  credential: { apiKey: DEFAULT_HUE_APP_KEY },
  installs: '1968096020',
};
