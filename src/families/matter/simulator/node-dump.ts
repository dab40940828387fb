import { field, text } from '../../../lab/core/captures.ts';
import { isUtilityDeviceType } from '../device-types.ts';

/**
 * The identity a python-matter-server node dump records (fixtures/matter/node_dump: `attributes` keyed
 * `<endpoint>/<cluster>/<attribute>`): the Basic Information cluster 0/40 and the device types of the Descriptor
 * cluster 29. Untrusted JSON: anything missing or of the wrong type is simply absent.
 */
export interface NodeDumpIdentity {
  vendorName?: string;
  vendorId?: number;
  productName?: string;
  productId?: number;
  softwareVersion?: string;
  serialNumber?: string;
  /** The first device type of an application endpoint (not the root node's). */
  deviceType?: number;
  /** The node is in at least one fabric (Operational Credentials 0/62/1 lists fabrics). */
  fabrics: number;
}

function attribute(dump: unknown, key: string): unknown {
  return field(dump, 'attributes', key);
}

function u16(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 0xffff ? value : undefined;
}

/** The application device type: endpoint 1 and up, the first entry that is not a utility type. */
function applicationDeviceType(dump: unknown): number | undefined {
  const attributes = field(dump, 'attributes');
  if (typeof attributes !== 'object' || attributes === null) return undefined;
  const keys = Object.keys(attributes)
    .filter((key) => /^\d+\/29\/0$/.test(key) && !key.startsWith('0/'))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  for (const key of keys) {
    const list = attribute(dump, key);
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const type = field(entry, '0');
      if (typeof type === 'number' && !isUtilityDeviceType(type)) return type;
    }
  }
  return undefined;
}

export function nodeDumpIdentity(dump: unknown): NodeDumpIdentity {
  const identity: NodeDumpIdentity = { fabrics: 0 };
  const assign = <K extends keyof NodeDumpIdentity>(key: K, value: NodeDumpIdentity[K] | undefined): void => {
    if (value !== undefined) identity[key] = value;
  };
  assign('vendorName', text(attribute(dump, '0/40/1')));
  assign('vendorId', u16(attribute(dump, '0/40/2')));
  assign('productName', text(attribute(dump, '0/40/3')));
  assign('productId', u16(attribute(dump, '0/40/4')));
  assign('softwareVersion', text(attribute(dump, '0/40/10')));
  assign('serialNumber', text(attribute(dump, '0/40/15')));
  assign('deviceType', applicationDeviceType(dump));
  const fabrics = attribute(dump, '0/62/1');
  identity.fabrics = Array.isArray(fabrics) ? fabrics.length : 0;
  return identity;
}
