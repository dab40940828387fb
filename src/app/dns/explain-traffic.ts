/**
 * Links unusual DNS traffic to configuration: for a chatty device, the settings in which it is the odd one out
 * among devices of its model and that are known to cause traffic (see src/app/diff/traffic-hints.ts).
 */
import type { SettingExplanation } from '../../checks/privacy-facts.ts';
import type { DeviceSummary } from '../../store/index.ts';
import { labelOf, storedSide } from '../diff/device-diff.ts';
import { formatLeaf, pathKey } from '../diff/flatten-config.ts';
import { rankOddSettings } from '../diff/peer-ranking.ts';

/** At most this many explanations per device: the best one matters, the rest are context. */
const MAX_EXPLANATIONS = 3;

/** Odd settings with a traffic hint, most telling first; empty without readable peers. */
export function explainFromPeers(device: DeviceSummary, devices: readonly DeviceSummary[]): SettingExplanation[] {
  const facts = device.facts.device;
  if (!facts?.model || facts.config === undefined) return [];
  const peers = devices.filter(
    (d) =>
      d.deviceId !== device.deviceId &&
      d.facts.device?.family === facts.family &&
      d.facts.device?.model === facts.model &&
      d.facts.device?.config !== undefined,
  );
  if (peers.length === 0) return [];
  const asPeer = (d: DeviceSummary) => ({ ...storedSide(d), label: labelOf(d) });
  return rankOddSettings(asPeer(device), peers.map(asPeer))
    .filter((odd) => odd.hint !== undefined)
    .slice(0, MAX_EXPLANATIONS)
    .map((odd) => ({
      path: pathKey(odd.path),
      value: formatLeaf(odd.value),
      peersValue: formatLeaf(odd.peerValue),
      peersAgreeing: odd.peersAgreeing,
      peers: odd.peers,
      hint: odd.hint!,
    }));
}
