import type { Credential } from '../../families/device-adapter.ts';

/**
 * How to get a simulated device that has a firmware update on offer, for a family whose descriptor names firmware
 * installers: each such family's `simulator/index.ts` exports one as `updateOffer`, so a test can install firmware
 * through the family's own installer without knowing the family.
 */
export interface UpdateOffer {
  /** Scenario settings under which the simulator offers an update (short reboot, `ok` outcome). */
  settings: unknown;
  /** The owner's credential the installer needs, if any. */
  credential?: Credential;
  /** The version the device runs once the update is in, as the family's adapter reports `firmware.installed`. */
  installs: string;
}
