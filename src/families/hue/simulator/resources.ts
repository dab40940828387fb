import { z } from 'zod';
import type { HueBridgeState } from './bridge-state.ts';
import { macFromBridgeId } from './ids.ts';

/** One CLIP v2 resource: every record has an id and a type; the rest differs per type. */
const resourceSchema = z.looseObject({ id: z.string(), type: z.string() });
export type HueResource = z.infer<typeof resourceSchema>;

/** A capture is either the resource array (aiohue's v2_resources.json) or a whole GET /clip/v2/resource body. */
const captureSchema = z.union([z.array(resourceSchema), z.looseObject({ data: z.array(resourceSchema) })]);

/** The resources of a capture, or undefined when `fixture` is not one. */
export function resourcesFromFixture(fixture: unknown): HueResource[] | undefined {
  const parsed = captureSchema.safeParse(fixture);
  if (!parsed.success) return undefined;
  return structuredClone(Array.isArray(parsed.data) ? parsed.data : parsed.data.data);
}

/** The bridge record and the device that owns it (its `product_data` has model and firmware). */
export function bridgeRecords(resources: HueResource[]): { bridge?: HueResource; device?: HueResource } {
  const bridge = resources.find((r) => r.type === 'bridge');
  const ownerId = (bridge?.owner as { rid?: string } | undefined)?.rid;
  const device = resources.find((r) => r.type === 'device' && r.id === ownerId);
  return { ...(bridge ? { bridge } : {}), ...(device ? { device } : {}) };
}

/** The bridge's model and firmware as a capture records them; `software_version` is `<api major.minor>.<swversion>`. */
export function bridgeFirmwareOf(
  resources: HueResource[],
): { model?: string; swversion?: string; apiversion?: string; mac?: string } | undefined {
  const { bridge, device } = bridgeRecords(resources);
  if (!bridge) return undefined;
  const product = (device?.product_data ?? {}) as { model_id?: unknown; software_version?: unknown };
  const version =
    typeof product.software_version === 'string' ? /^(\d+)\.(\d+)\.(\d+)$/.exec(product.software_version) : null;
  const mac = typeof bridge.bridge_id === 'string' ? macFromBridgeId(bridge.bridge_id) : undefined;
  return {
    ...(typeof product.model_id === 'string' ? { model: product.model_id } : {}),
    ...(version ? { swversion: version[3], apiversion: `${version[1]}.${version[2]}.0` } : {}),
    ...(mac ? { mac } : {}),
  };
}

/**
 * The resources a bridge serves now: the capture (or built-in set) with the bridge's own facts patched in, so
 * that CLIP v2 agrees with /api/config: `bridge_id` from the lab MAC (captures mask it), the bridge device's model
 * and firmware from the live state (an install changes them), and its software update record's state.
 */
export function liveResources(resources: HueResource[], state: HueBridgeState): HueResource[] {
  const { bridge, device } = bridgeRecords(resources);
  return resources.map((r) => {
    if (r === bridge) return { ...r, bridge_id: state.ids.bridgeId.toLowerCase() };
    if (r === device) {
      const [major, minor] = state.apiversion.split('.');
      return {
        ...r,
        product_data: {
          ...(r.product_data as Record<string, unknown>),
          model_id: state.model,
          software_version: `${major}.${minor}.${state.swversion}`,
        },
      };
    }
    return r;
  });
}

/**
 * The bridge device's software update record, for a bridge whose resources have none (a capture of a bridge that
 * had nothing pending shows none); the device lists it among its services.
 */
export function bridgeUpdateRecord(resources: HueResource[], id: string): HueResource | undefined {
  const { device } = bridgeRecords(resources);
  if (!device) return undefined;
  const services = Array.isArray(device.services) ? (device.services as Array<{ rtype?: string }>) : [];
  if (services.some((s) => s.rtype === 'device_software_update')) return undefined;
  device.services = [...services, { rid: id, rtype: 'device_software_update' }];
  return {
    id,
    owner: { rid: device.id, rtype: 'device' },
    problems: [],
    state: 'no_update',
    type: 'device_software_update',
  };
}
