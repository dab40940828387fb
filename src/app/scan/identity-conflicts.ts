/**
 * Puts the scan's identity conflicts (decided by the store over all hosts, store/identity-merge.ts) on the facts of
 * both sides, so the `network.identity-conflict` check reports each side with the other's evidence.
 */
import type { Evidence, HostFacts, IdentityConflictFacts } from '../../families/facts.ts';
import type { ScanIdentityConflict } from '../../store/index.ts';

/** What a host presented about itself, as evidence: the ids a copy would have to match. */
function identityEvidence(host: HostFacts): Evidence {
  const device = host.device;
  const parts = [
    host.mac ? `MAC ${host.mac} (network)` : undefined,
    device?.mac && device.mac !== host.mac ? `MAC ${device.mac} (device)` : undefined,
    device?.deviceId ? `device id ${device.deviceId}` : undefined,
    device?.certificate ? `certificate SHA-256 ${device.certificate.sha256}` : undefined,
    device?.name ? `name "${device.name}"` : undefined,
  ].filter((p): p is string => p !== undefined);
  return { sent: `identity of ${host.address} (this scan)`, received: parts.join('; ') || 'no ids' };
}

/** What the inventory knew of the claimed device before this scan. */
function knownEvidence(conflict: ScanIdentityConflict): Evidence {
  const { device } = conflict;
  const parts = [
    device.mac ? `MAC ${device.mac}` : undefined,
    device.stableId ? `device id ${device.stableId.replace(/^[^:]*:/, '')}` : undefined,
    device.tlsSha256 ? `certificate SHA-256 ${device.tlsSha256}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return { sent: `inventory record ${device.deviceId}`, received: `${parts.join('; ')} at ${device.lastAddress}` };
}

function reasonText(conflict: ScanIdentityConflict, newcomer: HostFacts): string {
  const { device } = conflict;
  switch (conflict.reason) {
    case 'original-answers':
      return `the original still answers at ${device.lastAddress}`;
    case 'different-mac':
      return `it has MAC ${newcomer.mac ?? newcomer.device?.mac ?? 'unknown'}, the device has ${device.mac ?? 'another'}`;
    case 'different-device-id':
      return `it reports device id ${newcomer.device?.deviceId ?? 'unknown'}, the device has ${device.stableId?.replace(/^[^:]*:/, '') ?? 'another'}`;
    case 'different-certificate':
      return 'its TLS certificate is not the one the device presented';
    case 'move-unconfirmed':
      return `${device.lastAddress} was not part of this scan, so nothing shows the device left it`;
  }
}

/** Adds each conflict to the newcomer's facts and, when the original answered in this scan, to the original's. */
export function annotateIdentityConflicts(
  hosts: readonly HostFacts[],
  conflicts: readonly ScanIdentityConflict[],
): void {
  const byAddress = new Map(hosts.map((h) => [h.address, h]));
  const add = (host: HostFacts, entry: IdentityConflictFacts): void => {
    host.identityConflicts = [...(host.identityConflicts ?? []), entry];
  };
  for (const conflict of conflicts) {
    const newcomer = byAddress.get(conflict.newcomer);
    if (!newcomer) continue;
    const original = conflict.original === undefined ? undefined : byAddress.get(conflict.original);
    const claimed: IdentityConflictFacts['claimed'] = {
      deviceId: conflict.device.deviceId,
      address: conflict.device.lastAddress,
      ...(conflict.device.name ? { name: conflict.device.name } : {}),
    };
    const reason = reasonText(conflict, newcomer);
    const otherSide = original ? identityEvidence(original) : knownEvidence(conflict);
    add(newcomer, {
      role: 'newcomer',
      claimed,
      ...(original ? { otherAddress: original.address } : {}),
      reason,
      evidence: [identityEvidence(newcomer), otherSide],
    });
    if (original) {
      add(original, {
        role: 'original',
        claimed,
        otherAddress: newcomer.address,
        reason,
        evidence: [identityEvidence(original), identityEvidence(newcomer)],
      });
    }
  }
}
