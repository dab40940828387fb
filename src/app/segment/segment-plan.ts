/**
 * `iotwarden segment plan`: for owners who want VLANs, groups the devices by what they need (trusted, cameras,
 * IoT that works locally, IoT that needs its cloud), names the SSIDs and VLANs to create, and lists per device the
 * conversations that must cross segments (Home Assistant to each device, the phone to a Chromecast over mDNS) as
 * the learned profiles show them.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { Store } from '../../store/index.ts';
import { modeOf } from '../policy/generate-policy.ts';
import { InventoryIndex, type PolicyDevice } from '../policy/inventory-index.ts';
import { peerLabel, protocolName, type TrafficProfile } from '../policy/profile-types.ts';

export type SegmentId = 'trusted' | 'cameras' | 'iot-local' | 'iot-cloud';

export interface PlannedSegment {
  id: SegmentId;
  vlan: number;
  ssid: string;
  internet: string;
  devices: string[];
}

export interface CrossingRule {
  device: string;
  segment: SegmentId;
  peer: string;
  peerSegment: SegmentId | 'router' | 'unknown';
  direction: 'inbound' | 'outbound';
  service: string;
  /** `mDNS needs a reflector` and the like. */
  note?: string;
}

export interface SegmentPlan {
  segments: PlannedSegment[];
  crossings: CrossingRule[];
}

const SEGMENTS: Record<SegmentId, Omit<PlannedSegment, 'devices'>> = {
  trusted: { id: 'trusted', vlan: 10, ssid: 'Home', internet: 'yes' },
  'iot-cloud': { id: 'iot-cloud', vlan: 20, ssid: 'Home-IoT', internet: 'only the destinations in its policy' },
  'iot-local': { id: 'iot-local', vlan: 30, ssid: 'Home-IoT-Local', internet: 'none (firmware updates only)' },
  cameras: { id: 'cameras', vlan: 40, ssid: 'Home-Cameras', internet: "only the vendor's cloud" },
};
const TRUSTED_ROLES = new Set(['home-assistant', 'owner-devices', 'trusted']);

export async function planSegments(store: Store, config: Pick<IotwardenConfig, 'roles'>): Promise<SegmentPlan> {
  const index = new InventoryIndex(await store.devices(), config.roles);
  const segmentOf = new Map(index.devices.map((d) => [d.id, segmentFor(d, index)]));
  const segments = (Object.keys(SEGMENTS) as SegmentId[]).map((id) => ({
    ...SEGMENTS[id],
    devices: index.devices.filter((d) => segmentOf.get(d.id) === id).map((d) => d.name),
  }));
  const crossings: CrossingRule[] = [];
  for (const stored of store.profiles.latest()) {
    const profile = stored.profile as TrafficProfile;
    const segment = segmentOf.get(profile.deviceId);
    if (!segment || segment === 'trusted') continue;
    for (const entry of profile.entries) {
      const peer = entry.peer;
      const peerSegment: CrossingRule['peerSegment'] | undefined =
        peer.kind === 'device'
          ? (segmentOf.get(peer.deviceId) ?? 'unknown')
          : peer.kind === 'local'
            ? peer.roles.includes('router')
              ? 'router'
              : 'unknown'
            : undefined;
      // Multicast stays inside a VLAN: a device that uses mDNS/SSDP with a trusted peer needs a reflector.
      if (peerSegment === undefined || peerSegment === segment || peerSegment === 'router') continue;
      const service = `${protocolName(entry.protocol)}/${entry.port}`;
      crossings.push({
        device: profile.deviceName,
        segment,
        peer: peerLabel(peer),
        peerSegment,
        direction: entry.direction,
        service,
        ...(entry.port === 5353 || entry.port === 1900
          ? { note: 'multicast: needs an mDNS/SSDP reflector between the VLANs' }
          : {}),
      });
    }
  }
  crossings.sort(
    (a, b) => a.device.localeCompare(b.device) || a.peer.localeCompare(b.peer) || a.service.localeCompare(b.service),
  );
  return { segments, crossings };
}

function segmentFor(device: PolicyDevice, index: InventoryIndex): SegmentId {
  if (index.rolesOf(device.id).some((role) => TRUSTED_ROLES.has(role))) return 'trusted';
  const mode = modeOf(device);
  if (mode === 'camera') return 'cameras';
  return mode === 'local-only' ? 'iot-local' : 'iot-cloud';
}
