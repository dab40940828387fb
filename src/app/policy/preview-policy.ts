/**
 * `iotwarden policy preview`: replays the flows of the last days against a policy, before anything is enforced.
 * Per device: what would be blocked, how often, and what that probably breaks ("phone controls coffee-maker over
 * TCP 9999: blocked"); and which needs stay served ("firmware updates from the vendor: allowed"). A conversation
 * between two confined devices passes only when the sender's outbound and the receiver's inbound rules both allow
 * it, as in the nftables export.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { Store, StoredConversation } from '../../store/index.ts';
import { describePeer } from './build-profiles.ts';
import { type CompiledDevice, compilePolicy } from './compile-policy.ts';
import type { InventoryIndex } from './inventory-index.ts';
import type { NameResolver } from './name-resolver.ts';
import { policyContext } from './policy-context.ts';
import type { PolicyDocument } from './policy-schema.ts';
import { type Direction, peerLabel, protocolName } from './profile-types.ts';
import { type ConversationSide, ruleAllows } from './rule-match.ts';

const DAY_MS = 86_400_000;

export interface PreviewItem {
  direction: Direction;
  peer: string;
  service: string;
  flows: number;
  days: number;
  /** What it means, in a sentence. */
  sentence: string;
}

export interface PreviewDevice {
  deviceId: string;
  deviceName: string;
  mode: string;
  flows: number;
  blockedFlows: number;
  blocked: PreviewItem[];
  /** Needs the policy keeps serving, by the rule that serves them (`default firmware`, `allow[0]`). */
  served: Array<{ origin: string; label: string; flows: number }>;
  notes: string[];
}

export interface PolicyPreview {
  fromMs: number;
  toMs: number;
  devices: PreviewDevice[];
  warnings: string[];
}

export async function previewPolicy(
  store: Store,
  config: Pick<IotwardenConfig, 'roles'>,
  document: PolicyDocument,
  options: { nowMs: number; days?: number },
): Promise<PolicyPreview> {
  const { index, names } = await policyContext(store, config);
  const compiled = compilePolicy(document, index);
  const fromMs = options.nowMs - (options.days ?? 7) * DAY_MS;
  // Up to and including now, as learning reads them.
  const conversations = store.flows.conversations(fromMs, options.nowMs + 1);
  const devices = compiled.devices.map((device) =>
    previewDevice(device, conversations, compiled.devices, index, names),
  );
  return { fromMs, toMs: options.nowMs, devices, warnings: compiled.warnings };
}

interface Tally {
  item: PreviewItem;
  days: Set<number>;
}

function previewDevice(
  device: CompiledDevice,
  conversations: readonly StoredConversation[],
  all: readonly CompiledDevice[],
  index: InventoryIndex,
  names: NameResolver,
): PreviewDevice {
  const blocked = new Map<string, Tally>();
  const served = new Map<string, { origin: string; label: string; flows: number }>();
  let flows = 0;
  let blockedFlows = 0;
  for (const c of conversations) {
    const mine = index.find(c.initiator, c.initiatorMac)?.id === device.device.id;
    const theirs = index.find(c.responder, c.responderMac)?.id === device.device.id;
    if (!mine && !theirs) continue;
    const direction: Direction = mine ? 'outbound' : 'inbound';
    const side: ConversationSide = {
      direction,
      deviceAddress: mine ? c.initiator : c.responder,
      peerAddress: mine ? c.responder : c.initiator,
      peerMac: mine ? c.responderMac : c.initiatorMac,
      protocol: c.protocol,
      port: c.port,
    };
    const count = c.flows + c.replies;
    flows += count;
    const rule = device.rules.find((r) => ruleAllows(r, side, names));
    const otherEnd = otherDeviceDenies(c, device, all, index, names);
    if (rule && !otherEnd) {
      const key = `${rule.origin} ${rule.label}`;
      const entry = served.get(key) ?? { origin: rule.origin, label: rule.label, flows: 0 };
      entry.flows += count;
      served.set(key, entry);
      continue;
    }
    blockedFlows += count;
    const peer = peerLabel(
      describePeer(side.peerAddress, index.find(side.peerAddress, side.peerMac), index, names, side.deviceAddress),
    );
    const service = `${protocolName(c.protocol)}/${c.port}`;
    const key = `${direction} ${peer} ${service}`;
    const tally = blocked.get(key) ?? {
      item: {
        direction,
        peer,
        service,
        flows: 0,
        days: 0,
        sentence: sentenceFor(direction, device.device.name, peer, c),
      },
      days: new Set<number>(),
    };
    tally.item.flows += count;
    tally.days.add(Math.floor(c.bucketMs / DAY_MS));
    blocked.set(key, tally);
  }
  const blockedItems = [...blocked.values()]
    .map((t) => ({ ...t.item, days: t.days.size }))
    .sort((a, b) => b.flows - a.flows || a.sentence.localeCompare(b.sentence));
  return {
    deviceId: device.device.id,
    deviceName: device.device.name,
    mode: device.mode,
    flows,
    blockedFlows,
    blocked: blockedItems,
    served: [...served.values()].sort((a, b) => a.origin.localeCompare(b.origin) || a.label.localeCompare(b.label)),
    notes: notes(device),
  };
}

/** Whether the other end is a confined device whose own rules refuse this conversation. */
function otherDeviceDenies(
  c: StoredConversation,
  device: CompiledDevice,
  all: readonly CompiledDevice[],
  index: InventoryIndex,
  names: NameResolver,
): boolean {
  const initiator = index.find(c.initiator, c.initiatorMac);
  const responder = index.find(c.responder, c.responderMac);
  const other = initiator?.id === device.device.id ? responder : initiator;
  const confined = other && other.id !== device.device.id ? all.find((d) => d.device.id === other.id) : undefined;
  if (!confined) return false;
  const outbound = initiator?.id === confined.device.id;
  const side: ConversationSide = {
    direction: outbound ? 'outbound' : 'inbound',
    deviceAddress: outbound ? c.initiator : c.responder,
    peerAddress: outbound ? c.responder : c.initiator,
    peerMac: outbound ? c.responderMac : c.initiatorMac,
    protocol: c.protocol,
    port: c.port,
  };
  return !confined.rules.some((r) => ruleAllows(r, side, names));
}

function sentenceFor(direction: Direction, device: string, peer: string, c: StoredConversation): string {
  const service = `${protocolName(c.protocol).toUpperCase()} ${c.port}`;
  return direction === 'inbound'
    ? `${peer} controls ${device} over ${service}: blocked`
    : `${device} reaches ${peer} over ${service}: blocked`;
}

/** What the defaults promise, so the owner sees that updates and name resolution keep working. */
function notes(device: CompiledDevice): string[] {
  const origins = new Set(device.rules.map((r) => r.origin));
  const out: string[] = [];
  if (origins.has('default firmware')) {
    const labels = device.rules.filter((r) => r.origin === 'default firmware').map((r) => r.label);
    out.push(`firmware updates from the vendor: allowed (${labels.join(', ')})`);
  } else out.push('firmware updates: no update endpoint is known for this device; updates may be blocked');
  if (origins.has('default dns')) out.push('DNS: allowed to the router');
  if (device.mode === 'local-only') out.push('local-only: the vendor says it works without the internet');
  if (device.mode === 'camera') out.push("camera: reaches nothing on the internet but its vendor's cloud");
  return out;
}
