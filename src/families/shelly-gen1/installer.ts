import type { FirmwareInstaller } from '../installer.ts';
import { readShellyVersion, SHELLY_HTTP_PORT, startShellyInstall } from '../shelly/installer.ts';
import { startGen1Update } from './writes.ts';

/** Gen1 Shellys: `GET /ota?update=true` with HTTP Basic credentials (Shelly Gen1 API, /ota). */
export const shellyGen1Installer: FirmwareInstaller = {
  name: 'shelly-gen1',
  livenessPorts: [SHELLY_HTTP_PORT],
  applies: (facts) => facts.protocols.includes('shelly-http'),
  readVersion: (device, context) => readShellyVersion(device, context, 'fw'),
  start: (device, context) => startShellyInstall(device, context, startGen1Update),
};
