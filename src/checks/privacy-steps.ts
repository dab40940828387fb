/**
 * Device-specific advice for the `privacy.*` checks. Commands name the host by address, never by its own name
 * (untrusted text must not end up in something a user pastes into a shell).
 */
import type { HostFacts } from '../families/facts.ts';
import { adviceFor } from './host-view.ts';
import type { SettingExplanation } from './privacy-facts.ts';

/** How to look for the setting that makes a device chatty. */
export function peerDiffStep(host: HostFacts): string {
  return `Compare its settings with devices of the same model: iotwarden diff --peers ${host.address}.`;
}

/** "sntp.server is ntp.example where 2 of 2 devices of its model use time.google.com (SNTP server: …)". */
export function explanationText(explanation: SettingExplanation): string {
  const { path, value, peersValue, peersAgreeing, peers, hint } = explanation;
  return `${path} is ${value} where ${peersAgreeing} of ${peers} devices of its model use ${peersValue} (${hint})`;
}

/** How to put one odd setting back to what its peers use, where the family documents the API for it. */
export function settingFixStep(host: HostFacts, explanation: SettingExplanation): string | undefined {
  if (!host.device) return undefined;
  return adviceFor(host).settingFix(host, { path: explanation.path, peersValue: explanation.peersValue });
}

/** How to stop a device reaching a name through the DNS sinkhole the data came from. */
export function blockStep(domains: readonly string[]): string {
  const list = domains.slice(0, 3).join(', ');
  return `If the device works without it, block ${list}${domains.length > 3 ? ' and the rest' : ''} in your DNS sinkhole (Pi-hole: Domains → Add to denylist; AdGuard Home: Filters → Custom filtering rules).`;
}
