/**
 * Whether one configured credential may go to one host, from what the host presented and what the owner accepted
 * (issue 8: credentials are bound to identities). Pure: the gate (credential-gate.ts) gathers the inputs and keeps
 * the outcomes.
 */
import type { CredentialMatch } from '../../config/credential-lookup.ts';
import { normalizeMac } from '../../net/mac.ts';
import type { TrustBinding, TrustedDeviceView, TrustOrigin } from '../../store/index.ts';

/** What a host presented when an adapter asked for a credential, plus what the network saw of it. */
export interface PresentedIdentity {
  address: string;
  /** The MAC the network saw for the address (neighbour table, DHCP lease): the device cannot choose it. */
  linkMac?: string;
  /** The MAC the device reports about itself. */
  claimedMac?: string;
  /** `line:deviceId`, as the inventory keeps stable ids. */
  stableId?: string;
  tlsSha256?: string;
  /** The stable id a vendor CA vouches for in the presented certificate. */
  tlsVerifiedStableId?: string;
}

export type TrustDecision =
  | {
      allow: true;
      /** The known device the credential goes to, when the inventory knows it. */
      deviceId?: string;
      binding: TrustBinding;
      origin: TrustOrigin;
      replaceCertificate?: boolean;
    }
  | { allow: false; reason: string };

const shortFingerprint = (sha256: string): string => `${sha256.slice(0, 23)}…`;

/** A stable id as the device shows it (`shellyplus1-…`), without the inventory's product-line prefix (`shelly:`). */
const shownId = (stableId: string): string => stableId.replace(/^[^:]*:/, '');

function nameOf(device: TrustedDeviceView): string {
  return device.name ?? device.deviceId;
}

/** The MAC that identifies the host: the network's view when it has one, else the device's own claim. */
const macOf = (presented: PresentedIdentity): string | undefined => presented.linkMac ?? presented.claimedMac;

function bindingOf(presented: PresentedIdentity): TrustBinding {
  const binding: TrustBinding = {};
  const mac = macOf(presented);
  if (mac) binding.mac = mac;
  if (presented.stableId) binding.stableId = presented.stableId;
  if (presented.tlsSha256) binding.tlsSha256 = presented.tlsSha256;
  return binding;
}

const agrees = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;

/** The known devices whose MAC or device id the host presents (by the network's MAC, its claim, or its id). */
function claimedDevices(presented: PresentedIdentity, view: readonly TrustedDeviceView[]): TrustedDeviceView[] {
  const macs = [presented.linkMac, presented.claimedMac].filter((m): m is string => m !== undefined);
  const found = view.filter(
    (d) =>
      (d.mac !== undefined && macs.includes(d.mac)) || (d.stableId !== undefined && d.stableId === presented.stableId),
  );
  return [...new Map(found.map((d) => [d.deviceId, d])).values()];
}

/** The device the inventory last saw at this address, if what the host presents does not contradict it. */
function holderOf(presented: PresentedIdentity, view: readonly TrustedDeviceView[]): TrustedDeviceView | undefined {
  const holder = view.find((d) => d.lastAddress === presented.address);
  if (!holder) return undefined;
  const same =
    agrees(macOf(presented), holder.mac) &&
    agrees(presented.stableId, holder.stableId) &&
    agrees(presented.tlsSha256, holder.tlsSha256);
  return same ? holder : undefined;
}

/** Where the host's identity differs from the one the device is bound to; `replace` when a vendor CA vouches. */
function bindingMismatch(
  presented: PresentedIdentity,
  device: TrustedDeviceView,
): { reason?: string; replaceCertificate?: boolean } {
  const bound = device.trust?.binding;
  if (!bound) return {};
  const name = nameOf(device);
  const mac = macOf(presented);
  if (bound.mac && mac && bound.mac !== mac)
    return { reason: `it has MAC ${mac}, but ${name} is bound to ${bound.mac}` };
  if (bound.mac && presented.linkMac && presented.claimedMac && presented.linkMac !== presented.claimedMac) {
    return { reason: `it claims MAC ${presented.claimedMac} while the network sees ${presented.linkMac}` };
  }
  if (bound.stableId && presented.stableId && bound.stableId !== presented.stableId) {
    return {
      reason: `it claims device id ${shownId(presented.stableId)}, but ${name} is bound to ${shownId(bound.stableId)}`,
    };
  }
  if (!bound.tlsSha256) return {};
  if (!presented.tlsSha256) return { reason: `it did not present the certificate ${name} is bound to` };
  if (presented.tlsSha256 === bound.tlsSha256) return {};
  if (presented.tlsVerifiedStableId !== undefined && presented.tlsVerifiedStableId === bound.stableId) {
    return { replaceCertificate: true };
  }
  return {
    reason: `its certificate (SHA-256 ${shortFingerprint(presented.tlsSha256)}) is not the one ${name} is bound to (${shortFingerprint(bound.tlsSha256)})`,
  };
}

/** What the host claims of a device seen elsewhere, for the withheld message. */
function claimOf(presented: PresentedIdentity, device: TrustedDeviceView): string {
  if (presented.stableId && presented.stableId === device.stableId) return `device id ${shownId(presented.stableId)}`;
  return `MAC ${device.mac ?? macOf(presented) ?? '?'}`;
}

function decideKnown(match: CredentialMatch, presented: PresentedIdentity, device: TrustedDeviceView): TrustDecision {
  const name = nameOf(device);
  if (device.lastAddress !== presented.address) {
    const held = device.trust ? `is bound to ${name}` : `belongs to ${name}`;
    return {
      allow: false,
      reason:
        `it claims ${claimOf(presented, device)}, which ${held} at ${device.lastAddress}; ` +
        `a move is only believed once ${device.lastAddress} stops answering`,
    };
  }
  const mismatch = bindingMismatch(presented, device);
  if (mismatch.reason) return { allow: false, reason: mismatch.reason };
  const allow = (origin: TrustOrigin): TrustDecision => ({
    allow: true,
    deviceId: device.deviceId,
    binding: bindingOf(presented),
    origin,
    ...(mismatch.replaceCertificate ? { replaceCertificate: true } : {}),
  });
  if (device.trust) return allow(device.trust.acceptedBy);
  if (match.scope === 'device') return allow('device-entry');
  if (match.entry.trustOnFirstUse) return allow('first-use');
  return {
    allow: false,
    reason: `${name} is not trusted with it; once you have checked it is yours: iotwarden trust ${presented.address}`,
  };
}

function decideNew(match: CredentialMatch, presented: PresentedIdentity, view: readonly TrustedDeviceView[]) {
  const allow = (origin: TrustOrigin): TrustDecision => ({ allow: true, binding: bindingOf(presented), origin });
  if (match.scope === 'device') {
    const bound = match.entry.address ? view.find((d) => d.lastAddress === presented.address && d.trust) : undefined;
    if (bound) {
      const sees = macOf(presented)
        ? `MAC ${macOf(presented)}`
        : `device id ${presented.stableId ? shownId(presented.stableId) : 'unknown'}`;
      return {
        allow: false,
        reason: `the credential for ${match.label} is bound to ${nameOf(bound)} (MAC ${bound.mac ?? 'unknown'}); this host presents ${sees}`,
      } satisfies TrustDecision;
    }
    return allow('device-entry');
  }
  if (match.entry.trustOnFirstUse) return allow('first-use');
  return {
    allow: false,
    reason: `it is a device you have not trusted; once you have checked it is yours: iotwarden trust ${presented.address}`,
  } satisfies TrustDecision;
}

/**
 * Decides one credential for one host. A device the owner trusted (or a device-specific entry, or a credential with
 * trustOnFirstUse) gets it only while it presents the identity it is bound to, at the address it is known at; a
 * host presenting ids of a device seen elsewhere gets nothing until the move is confirmed by the scan.
 */
export function decideTrust(
  match: CredentialMatch,
  presented: PresentedIdentity,
  view: readonly TrustedDeviceView[],
): TrustDecision {
  const entryMac = match.scope === 'device' ? normalizeMac(match.entry.mac) : undefined;
  if (entryMac && presented.linkMac && presented.linkMac !== entryMac) {
    return {
      allow: false,
      reason: `the credential names MAC ${entryMac}, which this host claims while the network sees ${presented.linkMac}`,
    };
  }
  const claimed = claimedDevices(presented, view);
  const here = claimed.find((d) => d.lastAddress === presented.address);
  if (here) return decideKnown(match, presented, here);
  if (claimed.length > 1) {
    return {
      allow: false,
      reason: `it presents the ids of ${claimed.length} different devices (${claimed.map(nameOf).join(', ')})`,
    };
  }
  const device = claimed[0] ?? holderOf(presented, view);
  return device ? decideKnown(match, presented, device) : decideNew(match, presented, view);
}
