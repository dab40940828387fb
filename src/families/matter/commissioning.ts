import type { HostFacts } from '../facts.ts';
import { type CommissionableRecord, matterAnnouncement } from './transport.ts';

/** An open commissioning window, as a node's commissionable record announces it. */
export interface OpenWindow {
  /** 1: basic (the code printed on the device), 2: enhanced (a one-time code an administrator generated). */
  mode: 1 | 2;
  record: CommissionableRecord;
  /** Whether the node is already in a fabric (it announces an operational record too). */
  commissioned: boolean;
}

/**
 * Whether a host announces an open commissioning window (`CM` 1 or 2, Matter Core Specification 1.3 §4.3.1.3).
 *
 * A node stops announcing a commissioning mode as soon as a commissioner's PASE session is established
 * (connectedhomeip src/app/server/CommissioningWindowManager.cpp: `OnSessionEstablished` calls `StopAdvertisement`,
 * and `GetCommissioningMode` answers "disabled" once it no longer listens for PASE). So a record with CM 1 or 2 is a
 * window that is open with no commissioning in progress: anyone in range with the setup code can take the device.
 */
export function openCommissioningWindow(host: Pick<HostFacts, 'mdns'>): OpenWindow | undefined {
  const announcement = matterAnnouncement(host.mdns);
  const record = announcement.commissionable.find((r) => r.txt.CM === 1 || r.txt.CM === 2);
  if (!record) return undefined;
  return { mode: record.txt.CM as 1 | 2, record, commissioned: announcement.operational.length > 0 };
}
