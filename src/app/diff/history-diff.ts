/**
 * `iotwarden diff <device> --since 7d`: what changed in one device's configuration, from the snapshot every scan
 * stores. The state at the start of the window (the last snapshot before it) is the baseline; each later snapshot
 * that differs in a setting that matters is one change.
 */
import { UsageError } from '../../errors/index.ts';
import type { Store } from '../../store/index.ts';
import { labelOf, requireDevice } from './device-diff.ts';
import { type ConfigSide, diffConfigs, type SettingDifference } from './diff-configs.ts';

export interface ConfigChange {
  fromScanId: number;
  fromMs: number;
  toScanId: number;
  toMs: number;
  differences: SettingDifference[];
}

export interface HistoryDiff {
  deviceId: string;
  label: string;
  sinceMs: number;
  /** Snapshots taken in the window. */
  snapshots: number;
  /** Whether a snapshot from before the window served as the baseline. */
  baselineBeforeWindow: boolean;
  changes: ConfigChange[];
}

/** Parses `7d`, `12h`, `30m`, `2w` (or an ISO date) into the start of the window. */
export function parseSince(text: string, nowMs: number): number {
  const match = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(text.trim());
  if (match) {
    const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
      match[2]!.toLowerCase() as 'm' | 'h' | 'd' | 'w'
    ];
    return nowMs - Number(match[1]) * unitMs;
  }
  const date = Date.parse(text);
  if (Number.isFinite(date)) return date;
  throw new UsageError(
    `--since ${JSON.stringify(text)}: expected a duration such as 7d, 12h, 30m or a date such as 2025-01-31`,
    {
      code: 'ERR_USAGE',
    },
  );
}

/** The configuration changes of one device since `sinceMs`, oldest first. */
export async function diffSince(store: Store, ref: string, sinceMs: number): Promise<HistoryDiff> {
  const detail = await requireDevice(store, ref);
  const all = await store.configSnapshots(detail.deviceId, 0);
  const before = all.filter((s) => s.takenMs < sinceMs).at(-1);
  const inWindow = all.filter((s) => s.takenMs >= sinceMs);
  const series = before ? [before, ...inWindow] : inWindow;
  const identity = { mac: detail.mac, name: detail.name, address: undefined };
  const changes: ConfigChange[] = [];
  for (let i = 1; i < series.length; i++) {
    const previous = series[i - 1]!;
    const current = series[i]!;
    if (previous.sha256 === current.sha256) continue;
    const side = (config: unknown): ConfigSide => ({ config, identity });
    const differences = diffConfigs(side(previous.config), side(current.config));
    if (differences.length === 0) continue;
    changes.push({
      fromScanId: previous.scanId,
      fromMs: previous.takenMs,
      toScanId: current.scanId,
      toMs: current.takenMs,
      differences,
    });
  }
  return {
    deviceId: detail.deviceId,
    label: labelOf(detail),
    sinceMs,
    snapshots: inWindow.length,
    baselineBeforeWindow: before !== undefined,
    changes,
  };
}
