/**
 * The three `iotwarden diff` questions: how do two devices differ, in what is one device the odd one out among its
 * model, and what changed on one device since a date. Configurations come from the inventory's snapshots (every
 * scan stores one) or, for two devices, fresh from the devices through the adapters.
 */

import { UsageError } from '../../errors/index.ts';
import type { HostFacts } from '../../families/facts.ts';
import type { DeviceDetail, DeviceSummary, Store } from '../../store/index.ts';
import { type ConfigSide, diffConfigs, type SettingDifference } from './diff-configs.ts';
import { type LiveReadOptions, readLiveHosts } from './live-config.ts';
import { type OddSetting, type PeerConfig, rankOddSettings } from './peer-ranking.ts';

export interface DiffSide extends ConfigSide {
  deviceId: string;
  /** The device's name, else its address. Untrusted. */
  label: string;
  address: string;
  origin: 'live' | 'snapshot';
  takenMs: number;
}

export interface TwoDeviceDiff {
  a: DiffSide;
  b: DiffSide;
  differences: SettingDifference[];
  /** Sentences about where a side came from when it is not what was asked (a live read that fell back). */
  notes: string[];
}

/** Compares two devices. With `live`, both are read now; a device that cannot be read falls back to its snapshot. */
export async function diffDevices(
  store: Store,
  refA: string,
  refB: string,
  live?: LiveReadOptions,
): Promise<TwoDeviceDiff> {
  const [a, b] = [await requireDevice(store, refA), await requireDevice(store, refB)];
  if (a.deviceId === b.deviceId)
    throw new UsageError(`"${refA}" and "${refB}" are the same device`, { code: 'ERR_USAGE' });
  const notes: string[] = [];
  const sides = [storedSide(a), storedSide(b)];
  if (live) {
    const reads = await readLiveHosts([a.facts, b.facts], live);
    sides.forEach((side, index) => {
      const read = reads.find((r) => r.address === side.address);
      if (read && 'facts' in read)
        sides[index] = { ...side, ...fromFacts(read.facts), origin: 'live', takenMs: Date.now() };
      else
        notes.push(
          `${side.label} (${side.address}) could not be read now (${read && 'error' in read ? read.error : 'no answer'}); using its snapshot of ${new Date(side.takenMs).toISOString()}.`,
        );
    });
  }
  for (const side of sides) {
    if (side.config === undefined) throw noConfig(side.label, side.address);
  }
  const [left, right] = sides as [DiffSide, DiffSide];
  return { a: left, b: right, differences: diffConfigs(left, right), notes };
}

export interface PeerDiff {
  device: DiffSide;
  model: string;
  peers: Array<{ deviceId: string; label: string; address: string }>;
  /** Peers of the model whose configuration is unknown (login on, no credentials). */
  unreadPeers: string[];
  odd: OddSetting[];
}

/** Ranks the settings in which a device differs from every other device of its family and model. */
export async function diffPeers(store: Store, ref: string): Promise<PeerDiff> {
  const detail = await requireDevice(store, ref);
  const device = storedSide(detail);
  if (device.config === undefined) throw noConfig(device.label, device.address);
  const model = detail.facts.device?.model;
  if (!model)
    throw new UsageError(`${device.label} has no known model, so it has no peers to compare with`, {
      code: 'ERR_NO_PEERS',
    });
  const others = (await store.devices()).filter(
    (d) =>
      d.deviceId !== detail.deviceId &&
      d.facts.device?.family === detail.facts.device?.family &&
      d.facts.device?.model === model,
  );
  const peers = others.filter((d) => d.facts.device?.config !== undefined).map(storedSide);
  if (peers.length === 0) {
    throw new UsageError(
      others.length === 0
        ? `${device.label} is the only ${model} in the inventory: there is nothing to compare it with`
        : `no other ${model} has a readable configuration (configure credentials and scan again)`,
      { code: 'ERR_NO_PEERS' },
    );
  }
  const asPeer = (side: DiffSide): PeerConfig => ({ ...side });
  return {
    device,
    model,
    peers: peers.map((p) => ({ deviceId: p.deviceId, label: p.label, address: p.address })),
    unreadPeers: others.filter((d) => d.facts.device?.config === undefined).map(labelOf),
    odd: rankOddSettings(asPeer(device), peers.map(asPeer)),
  };
}

/** The side of a stored device: its latest observation's configuration. */
export function storedSide(device: DeviceSummary): DiffSide {
  return {
    deviceId: device.deviceId,
    label: labelOf(device),
    address: device.address,
    origin: 'snapshot',
    takenMs: device.lastSeenMs,
    ...fromFacts(device.facts),
  };
}

function fromFacts(facts: HostFacts): ConfigSide {
  return {
    config: facts.device?.config,
    identity: { mac: facts.mac ?? facts.device?.mac, name: facts.device?.name, address: facts.address },
  };
}

export function labelOf(device: DeviceSummary): string {
  return device.name ?? device.facts.device?.name ?? device.address;
}

export async function requireDevice(store: Store, ref: string): Promise<DeviceDetail> {
  const detail = await store.device(ref);
  if (!detail) throw new UsageError(`no device matches "${ref}" (try iotwarden devices)`, { code: 'ERR_NO_DEVICE' });
  return detail;
}

function noConfig(label: string, address: string): UsageError {
  return new UsageError(
    `the configuration of ${label} (${address}) was never read: it needs credentials (add them to iotwarden.yaml and scan again)`,
    { code: 'ERR_NO_CONFIG' },
  );
}
