/**
 * "Why is this one so chatty?": compares one device's configuration with every other device of the same model and
 * ranks the settings in which it is the odd one out. A setting scores (peers that differ from it / peers) ×
 * (peers that agree with each other / peers): 1.0 when every peer shares one value and this device has another.
 * Settings known to cause traffic come first among equal scores.
 */
import { type ConfigSide, comparableSettings } from './diff-configs.ts';
import type { ConfigPath, Leaf } from './flatten-config.ts';
import { trafficHint } from './traffic-hints.ts';

export interface PeerConfig extends ConfigSide {
  deviceId: string;
  /** How to call the device in output (its name, else address). Untrusted. */
  label: string;
}

export interface OddSetting {
  key: string;
  path: ConfigPath;
  /** This device's value (undefined: it lacks the setting). */
  value: Leaf | undefined;
  /** The value most peers hold. */
  peerValue: Leaf | undefined;
  /** Peers holding `peerValue`. */
  peersAgreeing: number;
  /** Peers whose value differs from this device's. */
  peersDiffering: number;
  peers: number;
  score: number;
  hint?: string;
}

/** Settings of `device` that differ from the peers' common value, most telling first. */
export function rankOddSettings(device: PeerConfig, peers: readonly PeerConfig[]): OddSetting[] {
  if (peers.length === 0) return [];
  const own = comparableSettings(device);
  const others = peers.map((peer) => comparableSettings(peer));
  const keys = new Map<string, ConfigPath>();
  for (const [key, leaf] of own) keys.set(key, leaf.path);
  for (const settings of others) for (const [key, leaf] of settings) if (!keys.has(key)) keys.set(key, leaf.path);
  const result: OddSetting[] = [];
  for (const [key, path] of keys) {
    const value = own.get(key)?.value;
    const tally = new Map<string, { value: Leaf | undefined; n: number }>();
    for (const settings of others) {
      const peerValue = settings.get(key)?.value;
      const id = JSON.stringify(peerValue ?? '\u0000absent');
      const entry = tally.get(id) ?? { value: peerValue, n: 0 };
      entry.n += 1;
      tally.set(id, entry);
    }
    const ownCount = tally.get(JSON.stringify(value ?? '\u0000absent'))?.n ?? 0;
    const modal = [...tally.values()].sort((x, y) => y.n - x.n)[0]!;
    // Only settings where this device is in the minority: a tie with its own value is not "odd".
    if (ownCount >= modal.n) continue;
    const peersDiffering = peers.length - ownCount;
    const odd: OddSetting = {
      key,
      path,
      value,
      peerValue: modal.value,
      peersAgreeing: modal.n,
      peersDiffering,
      peers: peers.length,
      score: round((peersDiffering / peers.length) * (modal.n / peers.length)),
    };
    const hint = trafficHint(path);
    if (hint) odd.hint = hint;
    result.push(odd);
  }
  return result.sort(
    (a, b) =>
      b.score - a.score || Number(b.hint !== undefined) - Number(a.hint !== undefined) || a.key.localeCompare(b.key),
  );
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
