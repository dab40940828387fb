/**
 * Which virtual labs run on this machine and where their devices listen (their port maps). The API shows it so the
 * dashboard can tell a lab home from a real one; starting a lab stays a separate command (`iotwarden lab`).
 */
import { type PortMapFile, readLivePortMaps } from '../../net/port-overrides.ts';

export interface LabStatus {
  running: boolean;
  labs: PortMapFile[];
}

export function labStatus(dir?: string): LabStatus {
  const labs = dir === undefined ? readLivePortMaps() : readLivePortMaps(dir);
  return { running: labs.length > 0, labs };
}
