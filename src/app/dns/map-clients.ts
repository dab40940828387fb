/**
 * Ties the sinkhole's clients (IP addresses) to inventory devices: by MAC first (Pi-hole's network table, the
 * neighbour table behind a scan), because addresses move; else by address, choosing the device that held the
 * address closest to when the client was active (address history from the scans).
 */

import { usableMac } from '../../net/mac.ts';
import type { AddressHolding, AnalysisClient, DeviceSummary } from '../../store/index.ts';

export interface ClientMapping {
  deviceId: string;
  mappedBy: 'mac' | 'address';
}

/** Maps each client id to a device, or to nothing when neither its MAC nor its address is known. */
export function mapClients(
  clients: readonly AnalysisClient[],
  devices: readonly DeviceSummary[],
  holdings: readonly AddressHolding[],
): Map<number, ClientMapping | undefined> {
  const byMac = new Map<string, string>();
  for (const device of devices) {
    const key = usableMac(device.mac) ?? usableMac(device.facts.mac) ?? usableMac(device.facts.device?.mac);
    if (key) byMac.set(key, device.deviceId);
  }
  const byAddress = new Map<string, AddressHolding[]>();
  for (const holding of holdings) {
    const list = byAddress.get(holding.address) ?? [];
    list.push(holding);
    byAddress.set(holding.address, list);
  }
  // Devices whose only address record is their current one (older stores, or a device never re-addressed).
  for (const device of devices) {
    const list = byAddress.get(device.address) ?? [];
    if (!list.some((h) => h.deviceId === device.deviceId)) {
      list.push({
        deviceId: device.deviceId,
        address: device.address,
        firstSeenMs: device.firstSeenMs,
        lastSeenMs: device.lastSeenMs,
      });
      byAddress.set(device.address, list);
    }
  }
  const result = new Map<number, ClientMapping | undefined>();
  for (const client of clients) {
    const mac = usableMac(client.mac ?? undefined);
    const viaMac = mac ? byMac.get(mac) : undefined;
    if (viaMac) {
      result.set(client.id, { deviceId: viaMac, mappedBy: 'mac' });
      continue;
    }
    const holder = closestHolder(byAddress.get(client.ip) ?? [], client);
    result.set(client.id, holder ? { deviceId: holder.deviceId, mappedBy: 'address' } : undefined);
  }
  return result;
}

/** The holding nearest in time to the client's activity; among equals, the most recent one. */
function closestHolder(holdings: readonly AddressHolding[], client: AnalysisClient): AddressHolding | undefined {
  let best: AddressHolding | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const holding of holdings) {
    const distance = gap(holding.firstSeenMs, holding.lastSeenMs, client.firstMs, client.lastMs);
    if (distance < bestDistance || (distance === bestDistance && best && holding.lastSeenMs > best.lastSeenMs)) {
      best = holding;
      bestDistance = distance;
    }
  }
  return best;
}

/** 0 when two time ranges overlap, else the time between them. */
function gap(aFrom: number, aTo: number, bFrom: number, bTo: number): number {
  if (aTo < bFrom) return bFrom - aTo;
  if (bTo < aFrom) return aFrom - bTo;
  return 0;
}
