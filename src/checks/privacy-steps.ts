/**
 * Device-specific advice for the `privacy.*` checks. Commands name the host by address, never by its own name
 * (untrusted text must not end up in something a user pastes into a shell).
 */
import type { HostFacts } from '../families/facts.ts';
import { familyOf, shellyGeneration } from './host-view.ts';
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

/** How to put one odd setting back to what its peers use, where the API for it is known. */
export function settingFixStep(host: HostFacts, explanation: SettingExplanation): string | undefined {
  if (familyOf(host) !== 'shelly' || !host.device) return undefined;
  const gen1 = shellyGeneration(host.device) === 1;
  const url = `http://${host.address}`;
  const peers = explanation.peersValue;
  const path = explanation.path;
  // Gen1 /settings parameters and Gen2 *.SetConfig (Shelly API docs, gen1 /settings, gen2 Sys/MQTT/Cloud).
  if (/(^|\.)sntp\.server$/.test(path)) {
    return gen1
      ? `Set the SNTP server back: GET ${url}/settings?sntp_server=${encodeURIComponent(peers)}`
      : `Set the SNTP server back: Sys.SetConfig with {"config":{"sntp":{"server":${JSON.stringify(peers)}}}}`;
  }
  if (/(^|\.)mqtt\.(enable|server)$/.test(path)) {
    return gen1
      ? `Fix or switch off MQTT: GET ${url}/settings?mqtt_enable=false (or set mqtt_server to your broker)`
      : 'Fix or switch off MQTT: MQTT.SetConfig with {"config":{"enable":false}} (or set server to your broker)';
  }
  if (/(^|\.)coiot\.peer$/.test(path)) {
    return gen1
      ? `Clear the CoIoT peer: GET ${url}/settings?coiot_peer= (empty means multicast, as its peers use)`
      : undefined;
  }
  if (/debug/.test(path)) {
    return gen1
      ? `Switch debug logging off: GET ${url}/settings?debug_enable=false`
      : 'Switch debug logging off: Sys.SetConfig with {"config":{"debug":{"websocket":{"enable":false}}}}';
  }
  return undefined;
}

/** How to stop a device reaching a name through the DNS sinkhole the data came from. */
export function blockStep(domains: readonly string[]): string {
  const list = domains.slice(0, 3).join(', ');
  return `If the device works without it, block ${list}${domains.length > 3 ? ' and the rest' : ''} in your DNS sinkhole (Pi-hole: Domains → Add to denylist; AdGuard Home: Filters → Custom filtering rules).`;
}
