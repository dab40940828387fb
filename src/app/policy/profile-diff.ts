/**
 * `iotwarden policy diff DEVICE`: what changed between two versions of a device's learned profile (default: the
 * two newest), entry by entry: destinations added or gone, and flow counts that moved.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { Store } from '../../store/index.ts';
import { policyContext } from './policy-context.ts';
import { PolicyError } from './policy-errors.ts';
import { entryKey, peerLabel, protocolName, type TrafficProfile } from './profile-types.ts';

export interface ProfileDiffLine {
  change: 'added' | 'removed' | 'changed';
  direction: string;
  peer: string;
  service: string;
  flowsBefore: number;
  flowsAfter: number;
}

export interface ProfileDiff {
  deviceId: string;
  deviceName: string;
  from: number;
  to: number;
  lines: ProfileDiffLine[];
}

export async function diffProfile(
  store: Store,
  config: Pick<IotwardenConfig, 'roles'>,
  ref: string,
  versions: { from?: number; to?: number } = {},
): Promise<ProfileDiff> {
  const { index } = await policyContext(store, config);
  const device = index.resolve(ref);
  if (!device) throw new PolicyError('ERR_POLICY_DEVICE', `no device "${ref}" in the inventory`);
  const all = store.profiles.versions(device.id);
  if (all.length === 0) {
    throw new PolicyError('ERR_POLICY_NO_PROFILE', `${device.name} has no learned profile: run iotwarden policy learn`);
  }
  const to = versions.to ?? all[all.length - 1]!;
  const from = versions.from ?? all[Math.max(0, all.indexOf(to) - 1)] ?? to;
  const before = store.profiles.get(device.id, from)?.profile as TrafficProfile | undefined;
  const after = store.profiles.get(device.id, to)?.profile as TrafficProfile | undefined;
  if (!before || !after) {
    throw new PolicyError('ERR_POLICY_NO_PROFILE', `${device.name} has versions ${all.join(', ')}, not ${from}/${to}`);
  }
  return { deviceId: device.id, deviceName: device.name, from, to, lines: diffEntries(before, after) };
}

export function diffEntries(before: TrafficProfile, after: TrafficProfile): ProfileDiffLine[] {
  const old = new Map(before.entries.map((e) => [entryKey(e), e]));
  const now = new Map(after.entries.map((e) => [entryKey(e), e]));
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  return keys.flatMap((key): ProfileDiffLine[] => {
    const a = old.get(key);
    const b = now.get(key);
    const entry = (b ?? a)!;
    const change = !a ? 'added' : !b ? 'removed' : a.flows !== b.flows ? 'changed' : undefined;
    if (!change) return [];
    return [
      {
        change,
        direction: entry.direction,
        peer: peerLabel(entry.peer),
        service: `${protocolName(entry.protocol)}/${entry.port}`,
        flowsBefore: a?.flows ?? 0,
        flowsAfter: b?.flows ?? 0,
      },
    ];
  });
}
