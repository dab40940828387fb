/**
 * Does a known breakage hit how THIS home uses the device? Only what the latest scan proves counts: an open port the
 * update closes, a protocol in use that the update replaces or removes. A breakage of something the home does not
 * use does not stop an update.
 */

import { isoDateAt } from './policy-window.ts';
import type { BreakageDecision, FirmwareDevice, FirmwareState, KnownBreakage, ResolvedPolicy } from './types.ts';

/** Sentences saying how `breakage` hits this device's current use; empty when it does not. */
export function breakageHits(breakage: KnownBreakage, device: FirmwareDevice): string[] {
  const hits: string[] = [];
  const effects = breakage.effects;
  const closed = (effects.closesPorts ?? []).filter((port) => device.openTcpPorts.includes(port));
  if (closed.length > 0) {
    hits.push(
      `port${closed.length > 1 ? 's' : ''} ${closed.join(', ')} ${closed.length > 1 ? 'are' : 'is'} open at the latest scan`,
    );
  }
  const change = effects.protocolChange ? /^(.+?)\s*(?:\u2192|->)\s*(.+)$/.exec(effects.protocolChange) : null;
  const replaced = change?.[1];
  if (change && replaced && device.protocols.some((tag) => tag === replaced)) {
    hits.push(`it is controlled over ${replaced} today, which the update replaces with ${change[2]}`);
  }
  for (const tag of effects.removesProtocols ?? []) {
    if (tag !== replaced && device.protocols.includes(tag))
      hits.push(`it speaks ${tag} today, which the update removes`);
  }
  return hits;
}

const INTEGRATION_NAMES: Record<string, string> = {
  'home-assistant-tplink': "Home Assistant's TP-Link integration",
  'home-assistant-shelly': "Home Assistant's Shelly integration",
  'home-assistant-hue': "Home Assistant's Hue integration",
  'local-api': 'local apps and scripts',
};

/** `home-assistant-tplink` → "Home Assistant's TP-Link integration". */
export function describeAffected(affects: readonly string[]): string {
  const names = affects.map((id) => INTEGRATION_NAMES[id] ?? id);
  if (names.length <= 1) return names[0] ?? 'local control';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The breakages of this update that hit the device and are not accepted in policy, explained with options;
 * undefined when none does.
 */
export function breakageDecision(
  device: FirmwareDevice,
  state: FirmwareState,
  policy: ResolvedPolicy,
  nowMs: number,
): BreakageDecision | undefined {
  const label = device.name ?? device.address;
  const relevant = state.breakages
    .filter((breakage) => !policy.acceptBreakages.includes(breakage.id))
    .map((breakage) => ({ breakage, hits: breakageHits(breakage, device) }))
    .filter((entry) => entry.hits.length > 0);
  if (relevant.length === 0) return undefined;
  const sentences = relevant.map(({ breakage, hits }) => {
    const controller = homeAssistantController(breakage, device);
    const others = breakage.effects.affects.filter((id) => id !== controller?.id);
    const rest = others.length > 0 ? ` ${capitalise(describeAffected(others))} could no longer control it either.` : '';
    const who = controller
      ? `${controller.name} controls ${label}${controller.over}, and this update removes that: Home Assistant's own registry says so (config entry "${controller.title}").${rest}`
      : `${capitalise(describeAffected(breakage.effects.affects))} could no longer control it.`;
    return `This update would break how ${label} is used here. ${breakage.summary} ${who} Why this applies here: ${hits.join(', and ')}.`;
  });
  // A month is long enough to prepare an integration, short enough that the hold is looked at again.
  const until = isoDateAt(nowMs + 30 * 86_400_000, policy.timeZone);
  const options = [
    `Keep the current firmware for now: iotwarden firmware hold ${quote(label)} --reason "update breaks local control" --until ${until}`,
    ...relevant.flatMap(({ breakage }) => breakage.options),
    `Install it anyway, once your integrations are ready: add "acceptBreakages: [${relevant.map((r) => r.breakage.id).join(', ')}]" to ${quote(label)} under firmware.devices in iotwarden.yaml; it then installs in the next maintenance window.`,
  ];
  return {
    breakages: relevant.map((r) => r.breakage),
    hits: relevant.flatMap((r) => r.hits),
    explanation: sentences.join(' '),
    options: [...new Set(options)],
  };
}

/**
 * The Home Assistant integration that, by HA's own registry, controls the device and that the breakage affects
 * (`affects` names it as `home-assistant-<domain>`); undefined when HA was not imported or another integration
 * controls it.
 */
function homeAssistantController(
  breakage: KnownBreakage,
  device: FirmwareDevice,
): { id: string; name: string; title: string; over: string } | undefined {
  const ha = device.homeAssistant;
  const id = ha ? `home-assistant-${ha.integration}` : undefined;
  if (!ha || !id || !breakage.effects.affects.includes(id)) return undefined;
  const replaced = breakage.effects.protocolChange?.split(/\s*(?:→|->)\s*/)[0];
  const removed = (breakage.effects.removesProtocols ?? []).find((tag) => device.protocols.includes(tag));
  const tag = replaced && device.protocols.some((p) => p === replaced) ? replaced : removed;
  return {
    id,
    name: INTEGRATION_NAMES[id] ?? `Home Assistant's ${ha.integration} integration`,
    title: ha.title ?? ha.integration,
    over: tag ? ` over ${tag}` : '',
  };
}

function capitalise(text: string): string {
  return text.length > 0 ? `${text[0]?.toUpperCase()}${text.slice(1)}` : text;
}

function quote(text: string): string {
  return /^[\w.:-]+$/.test(text) ? text : `"${text}"`;
}
