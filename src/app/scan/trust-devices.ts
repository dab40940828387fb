/**
 * `iotwarden trust` and `untrust` as use cases: the owner's acceptance of devices for their configured credentials
 * (issue 8). A family-wide credential goes only to trusted devices, bound to the identity they had when trusted.
 */
import { identityConflictCheck } from '../../checks/identity-conflict.ts';
import type { DeviceDetail, Store, TrustedDeviceView } from '../../store/index.ts';
import { requireDevice } from '../diff/device-diff.ts';

/** One device as `trust` reports it. */
export interface TrustedDeviceLine {
  deviceId: string;
  name: string | null;
  address: string;
  mac: string | null;
  /** The device id it is bound to (without the product-line prefix). */
  boundDeviceId: string | null;
  boundCertificate: string | null;
  acceptedBy: string | null;
}

function lineOf(view: TrustedDeviceView): TrustedDeviceLine {
  const binding = view.trust?.binding;
  return {
    deviceId: view.deviceId,
    name: view.name ?? null,
    address: view.lastAddress,
    mac: binding?.mac ?? view.mac ?? null,
    boundDeviceId: (binding?.stableId ?? view.stableId)?.replace(/^[^:]*:/, '') ?? null,
    boundCertificate: binding?.tlsSha256 ?? view.tlsSha256 ?? null,
    acceptedBy: view.trust?.acceptedBy ?? null,
  };
}

async function lineFor(store: Store, detail: DeviceDetail): Promise<TrustedDeviceLine> {
  const view = (await store.trust.view()).find((d) => d.deviceId === detail.deviceId);
  if (!view) throw new Error(`device ${detail.deviceId} vanished from the inventory`);
  return lineOf(view);
}

/** Trusts one device (by id, name, address or MAC); a usage error when none matches. */
export async function trustDevice(store: Store, ref: string): Promise<{ device: TrustedDeviceLine; already: boolean }> {
  const detail = await requireDevice(store, ref);
  const { already } = await store.trust.trust(detail.deviceId, 'owner');
  return { device: await lineFor(store, detail), already };
}

/** Takes a device's trust away; `wasTrusted` false when it had none. */
export async function untrustDevice(
  store: Store,
  ref: string,
): Promise<{ device: TrustedDeviceLine; wasTrusted: boolean }> {
  const detail = await requireDevice(store, ref);
  const wasTrusted = await store.trust.untrust(detail.deviceId);
  return { device: await lineFor(store, detail), wasTrusted };
}

/** What `trust --all-new` did, by device. */
export interface TrustAllNewReport {
  scanId: number | null;
  trusted: TrustedDeviceLine[];
  already: TrustedDeviceLine[];
  conflicted: TrustedDeviceLine[];
}

/** Trusts every device first seen in the latest scan, except those found in an identity conflict. */
export async function trustAllNew(store: Store): Promise<TrustAllNewReport> {
  const result = await store.trust.trustAllNew(identityConflictCheck.id);
  const byId = new Map((await store.trust.view()).map((d) => [d.deviceId, lineOf(d)]));
  const lines = (ids: string[]) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  return {
    scanId: result.scanId ?? null,
    trusted: lines(result.trusted),
    already: lines(result.already),
    conflicted: lines(result.conflicted),
  };
}

/** Every trusted device, most recently seen first. */
export async function trustedDevices(store: Store): Promise<TrustedDeviceLine[]> {
  return (await store.trust.trusted()).map(lineOf);
}
