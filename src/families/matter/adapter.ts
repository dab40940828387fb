import type { DeviceAdapter, Identity, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, emptyDeviceFacts } from '../facts.ts';
import { deviceTypeName } from './device-types.ts';
import { type CommissionableRecord, type MatterAnnouncement, matterAnnouncement } from './transport.ts';
import { hex4, MATTER_VENDOR_SOURCE, matterVendor } from './vendors.ts';

/** The family's name for a node whose maker iotwarden cannot name (a VID it does not ship, or a test VID). */
export const MATTER_VENDOR = 'Matter';

const FIRMWARE_NEEDS_CASE =
  "Matter reveals firmware (Basic Information SoftwareVersionString) only inside a CASE session of a controller's fabric: read it in your Matter controller app";

/** What the adapter carries from identify to inspect. */
interface MatterIdentityData {
  announcement: MatterAnnouncement;
}

/**
 * Matter nodes, identified from their DNS-SD records alone: `_matterc._udp` (commissionable: vendor and product id,
 * device type, commissioning mode, discriminator) and `_matter._tcp` (operational: commissioned into a fabric).
 * Everything else a node knows is behind PASE or CASE, so the adapter sends nothing: identify needs no I/O and
 * inspect only explains what cannot be read.
 */
export const matterAdapter: DeviceAdapter = {
  family: 'matter',

  async identify(target: ProbeTarget): Promise<Identity | undefined> {
    const announcement = matterAnnouncement(target.mdns);
    const [commissionable] = announcement.commissionable;
    const [operational] = announcement.operational;
    if (!commissionable && !operational) return undefined;
    const facts = emptyDeviceFacts('matter', MATTER_VENDOR);
    facts.protocols.push('matter');
    if (commissionable) applyCommissionable(facts, commissionable);
    else facts.model = 'Matter node (commissioned)';
    if (operational) facts.deviceId = `matter:${operational.compressedFabricId}-${operational.nodeId}`;
    facts.config = configOf(announcement);
    const evidence = (commissionable ?? operational)!.evidence;
    const data: MatterIdentityData = { announcement };
    return {
      family: 'matter',
      vendor: facts.vendor,
      ...(facts.model ? { model: facts.model } : {}),
      evidence,
      data,
      facts,
    };
  },

  async inspect(_target: ProbeTarget, found: Identity): Promise<DeviceFacts> {
    const { facts } = found;
    const { announcement } = found.data as MatterIdentityData;
    facts.limitations.push(FIRMWARE_NEEDS_CASE);
    for (const rejected of announcement.rejected) facts.limitations.push(`ignored a malformed record: ${rejected}`);
    return facts;
  },
};

/** Vendor, model and device type from the commissionable record's `VP`, `DN` and `DT` keys. */
function applyCommissionable(facts: DeviceFacts, record: CommissionableRecord): void {
  const { txt } = record;
  if (record.mac) facts.mac = record.mac;
  const vendorId = txt.VP?.vendorId;
  const productId = txt.VP?.productId;
  const vendor = vendorId === undefined ? undefined : matterVendor(vendorId);
  if (vendor && !vendor.test) facts.vendor = vendor.name;
  if (vendor?.test) {
    facts.limitations.push(
      `vendor id ${hex4(vendor.id)} is a Matter test vendor id: a development build, not a certified product`,
    );
  } else if (vendorId !== undefined && !vendor) {
    facts.limitations.push(`vendor id ${hex4(vendorId)} is not in iotwarden's list of Matter vendors`);
  }
  const productLabel = productId === undefined ? undefined : `product ${hex4(productId)}`;
  facts.model = txt.DN ?? productLabel ?? (vendorId === undefined ? 'Matter node' : `vendor ${hex4(vendorId)} node`);
  const maker = vendor && !vendor.test ? vendor.name : vendorId === undefined ? 'Matter' : `vendor ${hex4(vendorId)}`;
  facts.productName = txt.DT === undefined ? `${maker} Matter device` : `${maker} ${deviceTypeName(txt.DT)}`;
}

/** The parsed records, as the device showed them: the commissioning state the checks and outputs read. */
function configOf(announcement: MatterAnnouncement): Record<string, unknown> {
  const [commissionable] = announcement.commissionable;
  return {
    commissionable: commissionable
      ? {
          instance: commissionable.instance,
          vendorId: commissionable.txt.VP?.vendorId ?? null,
          productId: commissionable.txt.VP?.productId ?? null,
          deviceType: commissionable.txt.DT ?? null,
          commissioningMode: commissionable.txt.CM ?? 0,
          discriminator: commissionable.txt.D,
        }
      : null,
    fabrics: announcement.operational.map((record) => record.compressedFabricId),
    vendorNames: MATTER_VENDOR_SOURCE,
  };
}
