import type { UpdateOffer } from '../../../lab/core/update-offer.ts';

/**
 * The lab loads a family's simulator from here by convention (src/lab/kinds.ts): `simulator`, its lab kind, and
 * `captures`, the shared real-device captures it replays (the contract suite reads each one back); and, as the
 * family installs firmware, `updateOffer`.
 */
export { kasaLegacyCaptures as captures } from './captures.ts';
export { kasaLegacyKind as simulator } from './kind.ts';

/** A KP115(EU) on 1.0.16 whose cloud module offers 1.0.21: download_firmware, then flash_firmware, no login. */
export const updateOffer: UpdateOffer = {
  settings: { model: 'KP115(EU)', update: { version: '1.0.21 Build 231129 Rel.171238', durationMs: 1000 } },
  installs: '1.0.21 Build 231129 Rel.171238',
};
