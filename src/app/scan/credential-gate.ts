import type { CredentialEntry } from '../../config/config-schema.ts';
import { matchCredential } from '../../config/credential-lookup.ts';
import type { CredentialLookup, CredentialQuery } from '../../families/device-adapter.ts';
import { lineOf } from '../../families/index.ts';
import { usableMac } from '../../net/mac.ts';
import type { Store, TrustBinding, TrustedDeviceView, TrustOrigin } from '../../store/index.ts';
import { decideTrust, type PresentedIdentity } from './trust-decision.ts';

/** A configured credential the gate kept from a host, and why (shown as a limitation and in the scan output). */
export interface WithheldCredential {
  address: string;
  /** How the entry names what it covers: `shelly`, `hue`, `mac 34:94:54:…`. */
  credential: string;
  reason: string;
}

/** A credential the gate let through: the host, the device it is known as, and the identity to bind. */
export interface GrantedCredential {
  address: string;
  deviceId?: string;
  binding: TrustBinding;
  origin: TrustOrigin;
  replaceCertificate?: boolean;
}

/** The sentence a scan shows for a withheld credential. */
export function withheldText(withheld: WithheldCredential): string {
  return `withheld the ${withheld.credential} credential from ${withheld.address}: ${withheld.reason}`;
}

/**
 * The trust gate of one scan (issue 8): the credential lookup adapters get is this gate's, made per host so it sees
 * what the network saw of the host (its MAC) besides what the device presents (its claimed MAC, device id and
 * certificate). A configured credential reaches a host only when decideTrust allows it; everything withheld and
 * everything granted is kept, so the scan can explain the one and bind the other once its devices have ids.
 * Factory-credential checks do not come through here: those are not the owner's secrets.
 */
export class CredentialGate {
  readonly #entries: ReadonlyArray<CredentialEntry>;
  readonly #view: readonly TrustedDeviceView[];
  readonly #env: NodeJS.ProcessEnv;
  readonly #withheld = new Map<string, WithheldCredential>();
  readonly #granted = new Map<string, GrantedCredential>();

  constructor(options: {
    entries: ReadonlyArray<CredentialEntry>;
    /** The inventory's devices with their trust, read before the scan's first packet. */
    view: readonly TrustedDeviceView[];
    env?: NodeJS.ProcessEnv;
  }) {
    this.#entries = options.entries;
    this.#view = options.view;
    this.#env = options.env ?? process.env;
  }

  /** The lookup for one host's adapters; `mac` is the MAC the network saw for its address, if any. */
  forHost(host: { address: string; mac?: string | undefined }): CredentialLookup {
    const linkMac = usableMac(host.mac);
    return (query: CredentialQuery) => {
      const match = matchCredential(this.#entries, query, this.#env);
      if (!match) return undefined;
      const presented = presentedOf(query, host.address, linkMac);
      const decision = decideTrust(match, presented, this.#view);
      if (!decision.allow) {
        const withheld = { address: host.address, credential: match.label, reason: decision.reason };
        this.#withheld.set(`${host.address}|${match.label}`, withheld);
        return undefined;
      }
      const granted: GrantedCredential = { address: host.address, binding: decision.binding, origin: decision.origin };
      if (decision.deviceId) granted.deviceId = decision.deviceId;
      if (decision.replaceCertificate) granted.replaceCertificate = true;
      this.#granted.set(host.address, granted);
      return match.credential;
    };
  }

  /** What was withheld from one host. */
  withheldFrom(address: string): WithheldCredential[] {
    return [...this.#withheld.values()].filter((w) => w.address === address);
  }

  /** Everything withheld in this scan, in the order it happened. */
  withheld(): WithheldCredential[] {
    return [...this.#withheld.values()];
  }

  /** Every host a credential went to, with the identity it presented. */
  granted(): GrantedCredential[] {
    return [...this.#granted.values()];
  }
}

function presentedOf(query: CredentialQuery, address: string, linkMac: string | undefined): PresentedIdentity {
  const presented: PresentedIdentity = { address };
  if (linkMac) presented.linkMac = linkMac;
  const claimedMac = usableMac(query.mac);
  if (claimedMac) presented.claimedMac = claimedMac;
  const line = lineOf(query.family);
  const deviceId = query.deviceId?.trim();
  if (deviceId) presented.stableId = `${line}:${deviceId}`;
  if (query.tlsSha256) presented.tlsSha256 = query.tlsSha256;
  if (query.tlsVerifiedId) presented.tlsVerifiedStableId = `${line}:${query.tlsVerifiedId}`;
  return presented;
}

/**
 * The lookup for a one-off read of inventory devices outside a scan (`diff` reading two devices now): the same
 * trust decision per queried address, against the inventory's trust as it stands. Nothing is bound here (the read
 * records nothing); a device that presents an identity other than the one it is bound to still gets nothing.
 */
export async function gatedLookup(
  store: Pick<Store, 'trust'>,
  entries: ReadonlyArray<CredentialEntry>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CredentialLookup> {
  const gate = new CredentialGate({ entries, view: await store.trust.view(), env });
  return (query) => gate.forHost({ address: query.address })(query);
}
