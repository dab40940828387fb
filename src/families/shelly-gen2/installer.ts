import type { FirmwareInstaller } from '../installer.ts';
import { readShellyVersion, SHELLY_HTTP_PORT, startShellyInstall } from '../shelly/installer.ts';
import { startGen2Update } from './writes.ts';

/** Gen2+ Shellys: the `Shelly.Update {"stage":"stable"}` RPC with digest credentials (Shelly Gen2 API, Shelly). */
export const shellyGen2Installer: FirmwareInstaller = {
  name: 'shelly-gen2',
  livenessPorts: [SHELLY_HTTP_PORT],
  applies: (facts) => facts.protocols.includes('shelly-rpc'),
  readVersion: (device, context) => readShellyVersion(device, context, 'ver'),
  start: (device, context) => startShellyInstall(device, context, startGen2Update),
};
