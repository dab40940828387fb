import type { UpdateOffer } from '../../../lab/core/update-offer.ts';

/**
 * The lab loads a family's simulator from here by convention (src/lab/kinds.ts): `simulator`, its lab kind, and
 * `captures`, the shared real-device captures it replays (the contract suite reads each one back); and, as the
 * family installs firmware, `updateOffer`.
 */
export { shellyGen2Captures as captures } from './captures.ts';
export { shellyGen2Kind as simulator } from './kind.ts';

/** A Gen2 Plus 1PM on 1.0.8 offered 1.4.4, with digest auth on: `Shelly.Update` installs it. */
export const updateOffer: UpdateOffer = {
  settings: {
    firmware: '1.0.8-g8c7bb8d',
    update: { version: '1.4.4-g6d2a586', durationMs: 1000 },
    auth: { enabled: true, password: 'contract-password' },
  },
  credential: { password: 'contract-password' },
  installs: '1.4.4',
};
