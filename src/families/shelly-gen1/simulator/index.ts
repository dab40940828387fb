import type { UpdateOffer } from '../../../lab/core/update-offer.ts';

/**
 * The lab loads a family's simulator from here by convention (src/lab/kinds.ts): `simulator`, its lab kind, and
 * `captures`, the shared real-device captures it replays (the contract suite reads each one back); and, as the
 * family installs firmware, `updateOffer`.
 */
export { shellyGen1Captures as captures } from './captures.ts';
export { shellyGen1Kind as simulator } from './kind.ts';

/** A Gen1 on v1.12.1 offered v1.14.0, with login on (Basic auth): `GET /ota?update=true` installs it. */
export const updateOffer: UpdateOffer = {
  settings: {
    firmware: '20221027-091427/v1.12.1-ga9117d3',
    update: { version: '20230913-112003/v1.14.0-gcb84623', durationMs: 1000 },
    auth: { enabled: true, username: 'admin', password: 'contract-password' },
  },
  credential: { username: 'admin', password: 'contract-password' },
  installs: '20230913-112003/v1.14.0-gcb84623',
};
