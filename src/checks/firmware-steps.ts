/** Device-specific steps for installing a firmware update and for turning on automatic updates. */
import type { HostFacts } from '../families/facts.ts';
import { hostProfile } from '../families/index.ts';

/** How to install the newest firmware on this host. */
export function updateSteps(host: HostFacts): string[] {
  return hostProfile(host).advice.update(host);
}

/** How to turn on automatic updates, for families that have a switch for it. */
export function autoUpdateSteps(host: HostFacts): string[] {
  const support = hostProfile(host).firmware.autoUpdate;
  return support.kind === 'switch'
    ? support.steps(host)
    : ["Turn on automatic updates in the device's app or settings."];
}
