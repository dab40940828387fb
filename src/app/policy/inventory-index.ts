/**
 * The inventory as the traffic analysis needs it: which device holds an address or a MAC, and which devices and
 * addresses play a role (`roles:` in iotwarden.yaml). Flows name endpoints by address (and MAC when the exporter
 * sends it, softflowd `-T ether`); a MAC wins over an address, because DHCP moves addresses between devices.
 */
import { canonicalAddress } from '../../net/address-kind.ts';
import type { DeviceSummary } from '../../store/index.ts';

/** One device of the inventory, reduced to what policies use. */
export interface PolicyDevice {
  id: string;
  /** The owner's name for it, else its address (names are untrusted text: print them through untrusted-text). */
  name: string;
  mac: string | undefined;
  address: string;
  family: string | undefined;
  vendor: string | undefined;
  model: string | undefined;
  /** It serves RTSP: a camera (or a doorbell), which the camera template confines to its vendor's cloud. */
  camera: boolean;
}

export class InventoryIndex {
  readonly devices: readonly PolicyDevice[];
  readonly #byAddress = new Map<string, PolicyDevice>();
  readonly #byMac = new Map<string, PolicyDevice>();
  readonly #byId = new Map<string, PolicyDevice>();
  /** Lower-case name → the first device (in id order) with it, as a search of `devices` would find. */
  readonly #byName = new Map<string, PolicyDevice>();
  /** Lower-case name → how many devices have it. */
  readonly #nameCounts = new Map<string, number>();
  readonly #roles = new Map<string, { deviceIds: Set<string>; addresses: Set<string> }>();
  /** role() answers, worked out once: the index does not change, and compiling asks per device and rule. */
  readonly #roleMembers = new Map<string, { devices: PolicyDevice[]; addresses: string[] }>();

  constructor(summaries: readonly DeviceSummary[], roles: Readonly<Record<string, readonly string[]>> = {}) {
    this.devices = summaries
      .map((s) => ({
        id: s.deviceId,
        name: s.name ?? s.address,
        mac: s.mac?.toUpperCase(),
        address: canonicalAddress(s.address) ?? s.address,
        family: s.family,
        vendor: s.facts.device?.vendor ?? s.facts.macVendor,
        model: s.facts.device?.model,
        camera: s.facts.services.some((service) => service.name === 'rtsp'),
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const device of this.devices) {
      this.#byAddress.set(device.address, device);
      if (device.mac) this.#byMac.set(device.mac, device);
      if (!this.#byId.has(device.id)) this.#byId.set(device.id, device);
      const name = device.name.toLowerCase();
      if (!this.#byName.has(name)) this.#byName.set(name, device);
      this.#nameCounts.set(name, (this.#nameCounts.get(name) ?? 0) + 1);
    }
    for (const [role, refs] of Object.entries(roles)) {
      const entry = { deviceIds: new Set<string>(), addresses: new Set<string>() };
      for (const ref of refs) {
        const device = this.resolve(ref);
        if (device) entry.deviceIds.add(device.id);
        else if (canonicalAddress(ref.split('/')[0] ?? '')) entry.addresses.add(ref);
      }
      this.#roles.set(role, entry);
    }
  }

  /** The device behind a flow endpoint: by MAC first, then by address. */
  find(address: string, mac?: string): PolicyDevice | undefined {
    const byMac = mac ? this.#byMac.get(mac.toUpperCase()) : undefined;
    return byMac ?? this.#byAddress.get(canonicalAddress(address) ?? address);
  }

  /** A device by id, name (case-insensitive), MAC or address. */
  resolve(ref: string): PolicyDevice | undefined {
    return (
      this.#byId.get(ref) ??
      this.#byMac.get(ref.toUpperCase()) ??
      this.#byAddress.get(canonicalAddress(ref) ?? ref) ??
      this.#byName.get(ref.toLowerCase())
    );
  }

  /** How many devices have this name (case-insensitive): a policy names a device by name only when it is one. */
  nameCount(name: string): number {
    return this.#nameCounts.get(name.toLowerCase()) ?? 0;
  }

  /** Whether iotwarden.yaml defines the role. */
  hasRole(role: string): boolean {
    return this.#roles.has(role);
  }

  /** The roles a device plays, sorted. */
  rolesOf(deviceId: string): string[] {
    return [...this.#roles]
      .filter(([, entry]) => entry.deviceIds.has(deviceId))
      .map(([role]) => role)
      .sort();
  }

  /** The devices and bare addresses (or CIDRs) of a role; undefined when iotwarden.yaml does not define it. */
  role(role: string): { devices: PolicyDevice[]; addresses: string[] } | undefined {
    const entry = this.#roles.get(role);
    if (!entry) return undefined;
    let members = this.#roleMembers.get(role);
    if (!members) {
      members = {
        devices: this.devices.filter((d) => entry.deviceIds.has(d.id)),
        addresses: [...entry.addresses].sort(),
      };
      this.#roleMembers.set(role, members);
    }
    // Copies, so a caller that sorts or extends its answer cannot change the next one.
    return { devices: [...members.devices], addresses: [...members.addresses] };
  }

  roleNames(): string[] {
    return [...this.#roles.keys()].sort();
  }
}
