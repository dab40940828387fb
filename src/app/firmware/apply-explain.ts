import type { HealthReport } from './health-check.ts';
import { describeFindingChange, describeNetworkChange, type PostureDelta, protocolLabel } from './posture-delta.ts';

/**
 * Plain-language results of applying an update: what happened, and when it went wrong, what the owner can do.
 * The words are for a household, not an engineer: name the device, the versions, and what stopped working.
 */

const minutes = (ms: number): string => `${Math.max(1, Math.round(ms / 60_000))} min`;
const version = (text: string | undefined): string => text ?? 'an unknown version';

export function updatedSummary(name: string, from: string | undefined, to: string | undefined, delta?: PostureDelta) {
  const changes = delta ? describeFindingChange(delta) : [];
  const network = delta ? describeNetworkChange(delta) : '';
  const extra = [network, ...changes].filter(Boolean);
  return `${name} updated from ${version(from)} to ${version(to)}; the health check passed${extra.length > 0 ? ` (${extra.join('; ')})` : ''}.`;
}

export function failedMidway(name: string, from: string | undefined, target: string | undefined, resumed: boolean) {
  const summary = resumed
    ? `${name}: iotwarden stopped while installing ${version(target)} and the device is still on ${version(from)}. It is not retried automatically, so that no device is ever updated twice.`
    : `${name}: the update to ${version(target)} did not take: the device rebooted and came back on its old firmware ${version(from)}.`;
  return {
    summary,
    options: [
      `Leave it on ${version(from)}: it keeps working as before.`,
      `Try again later: iotwarden firmware release <model>, then iotwarden firmware apply --device ${name}.`,
      "Install the update from the vendor's app; if that fails too, the vendor's support can help.",
    ],
  };
}

export function neverReturned(name: string, target: string | undefined, waitedMs: number) {
  return {
    summary: `${name} has not come back ${minutes(waitedMs)} after starting the update to ${version(target)}.`,
    options: [
      'Power-cycle it (unplug it for ten seconds), then run iotwarden scan to see whether it is back.',
      "If it stays offline it may need a factory reset or the vendor's support; do not update the others of its model until it is understood.",
    ],
  };
}

/** The health check failed: say what changed ("port 9999 closed, KLAP on port 80 now answers") and what that breaks. */
export function unhealthy(name: string, from: string | undefined, to: string | undefined, health: HealthReport) {
  if (!health.reachable) {
    return {
      summary: `${name} came back on ${version(to)} but then stopped answering on every port it had open.`,
      options: ['Power-cycle it, then run iotwarden scan.', "If it stays silent, contact the vendor's support."],
    };
  }
  const change = health.delta ? describeNetworkChange(health.delta) : '';
  const lost = health.lostProtocols.map(protocolLabel);
  const gained = health.delta?.protocolsGained.map(protocolLabel) ?? [];
  const controlLost = (health.control?.lost.length ?? 0) > 0;
  const consequence =
    lost.length > 0
      ? ` Local integrations that used ${lost.join(' and ')} (Home Assistant, scripts, other local apps) can no longer control it.`
      : controlLost && !change
        ? ' Home Assistant, scripts and other local apps can no longer see or switch what it controls.'
        : ' Local integrations that used those ports can no longer reach it.';
  const options: string[] = [];
  if (gained.length > 0) {
    options.push(
      `Move the integrations that control it to ${gained.join(' and ')}${gained.includes('KLAP') ? ' (they will need your TP-Link account e-mail and password)' : ''}.`,
    );
  }
  options.push(
    'Or control it from the vendor app only, and remove it from local integrations.',
    'Ask the vendor whether the previous firmware can be restored; iotwarden never installs older firmware.',
  );
  return {
    summary: `${name} now runs ${version(to)} (was ${version(from)}), but it no longer works the way this home uses it: ${change || health.problems.join('; ')}.${consequence}`,
    options,
  };
}
