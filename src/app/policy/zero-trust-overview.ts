/**
 * The dashboard's zero-trust page (issue 14, "the preview appears on the dashboard"): each device's learned profile
 * with its confidence, what appeared after learning, and the impact preview of a policy. The policy previewed is the
 * owner's file when the config names one (`zeroTrust.policy`), else the one `iotwarden policy generate` would write
 * from the learned profiles today: the owner sees what confining the home would break before writing anything.
 */
import { dirname, resolve } from 'node:path';
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { Store } from '../../store/index.ts';
import { loadPolicy } from './load-policy.ts';
import { policyContext } from './policy-context.ts';
import { generatePolicyFile } from './policy-use-cases.ts';
import { type PolicyPreview, previewPolicy } from './preview-policy.ts';
import type { TrafficProfile } from './profile-types.ts';

/** Events shown: the newest ones; the CLI's `policy events` lists them all. */
const RECENT_EVENTS = 100;

export interface OverviewProfile {
  deviceId: string;
  deviceName: string;
  version: number;
  status: 'learning' | 'learned';
  confidence: number;
  daysObserved: number;
  flows: number;
  entries: number;
  learnedMs: number;
}

export interface OverviewEvent {
  deviceId: string;
  deviceName: string;
  kind: string;
  subject: string;
  atMs: number;
}

export interface ZeroTrustOverview {
  profiles: OverviewProfile[];
  /** Newest first. */
  events: OverviewEvent[];
  /** Inventory devices without a learned profile: the preview cannot speak for them. */
  withoutProfile: string[];
  /** Which policy the preview replays; undefined when there is nothing to preview (no profile, no file). */
  policy: { source: 'file'; file: string } | { source: 'generated' } | undefined;
  preview: PolicyPreview | undefined;
}

export interface OverviewOptions {
  nowMs: number;
  /** Days of traffic the preview replays (default 7, as `policy preview`). */
  days?: number;
  /** The config file's path: a relative `zeroTrust.policy` is read from its folder. */
  configFile: string | undefined;
}

export async function zeroTrustOverview(
  store: Store,
  config: Pick<IotwardenConfig, 'roles' | 'dns' | 'zeroTrust'>,
  options: OverviewOptions,
): Promise<ZeroTrustOverview> {
  const latest = store.profiles.latest();
  const names = new Map(latest.map((p) => [p.deviceId, (p.profile as TrafficProfile).deviceName]));
  const profiles = latest
    .map((p) => ({
      deviceId: p.deviceId,
      deviceName: names.get(p.deviceId) ?? p.deviceId,
      version: p.version,
      status: p.status,
      confidence: p.confidence,
      daysObserved: p.daysObserved,
      flows: p.flows,
      entries: (p.profile as TrafficProfile).entries.length,
      learnedMs: p.learnedMs,
    }))
    .sort((a, b) => a.deviceName.localeCompare(b.deviceName));
  const events = store.profiles
    .events()
    .slice(-RECENT_EVENTS)
    .reverse()
    .map((e) => ({
      deviceId: e.deviceId,
      deviceName: names.get(e.deviceId) ?? e.deviceId,
      kind: e.kind,
      subject: e.subject,
      atMs: e.atMs,
    }));
  const { index } = await policyContext(store, config);
  const withoutProfile = index.devices.filter((d) => !names.has(d.id)).map((d) => d.name);
  const chosen = await chosenPolicy(store, config, options.configFile);
  const preview = chosen
    ? await previewPolicy(store, config, chosen.document, { nowMs: options.nowMs, days: options.days ?? 7 })
    : undefined;
  return { profiles, events, withoutProfile, policy: chosen?.policy, preview };
}

async function chosenPolicy(
  store: Store,
  config: Pick<IotwardenConfig, 'roles' | 'dns' | 'zeroTrust'>,
  configFile: string | undefined,
) {
  const file = config.zeroTrust?.policy;
  if (file !== undefined) {
    const path = configFile ? resolve(dirname(configFile), file) : resolve(file);
    // A broken file throws its PolicyError (code, file, line): the page shows it, as `policy check` would.
    return { document: loadPolicy(path), policy: { source: 'file' as const, file: path } };
  }
  const generated = await generatePolicyFile(store, config);
  if (generated.document.devices.length === 0) return undefined;
  return { document: generated.document, policy: { source: 'generated' as const } };
}
