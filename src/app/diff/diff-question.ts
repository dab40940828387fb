/** `iotwarden diff` as one use case: the three questions it answers, asked and answered as plain data. */
import type { Store } from '../../store/index.ts';
import { diffDevices, diffPeers, type PeerDiff, type TwoDeviceDiff } from './device-diff.ts';
import { diffSince, type HistoryDiff } from './history-diff.ts';
import type { LiveReadOptions } from './live-config.ts';

export type DiffQuestion =
  /** In which settings is `device` the odd one out among the devices of its model? */
  | { kind: 'peers'; device: string }
  /** What changed in `device`'s configuration since then? */
  | { kind: 'since'; device: string; sinceMs: number }
  /** How do two devices differ: read now with `live`, else from their latest snapshots. */
  | { kind: 'pair'; device: string; other: string; live: LiveReadOptions | undefined };

export type DiffAnswer =
  | { kind: 'peers'; diff: PeerDiff }
  | { kind: 'since'; diff: HistoryDiff }
  | { kind: 'pair'; diff: TwoDeviceDiff };

export async function answerDiff(store: Store, question: DiffQuestion): Promise<DiffAnswer> {
  switch (question.kind) {
    case 'peers':
      return { kind: 'peers', diff: await diffPeers(store, question.device) };
    case 'since':
      return { kind: 'since', diff: await diffSince(store, question.device, question.sinceMs) };
    case 'pair':
      return { kind: 'pair', diff: await diffDevices(store, question.device, question.other, question.live) };
  }
}
