import type { HostFacts } from '../../families/facts.ts';
import { protocolInfo } from '../../families/index.ts';

/**
 * Ports that belong to a device protocol rather than to a generic service: when no service identifier claimed
 * them, the family adapter's protocol names them (9999 on a Kasa plug is the Kasa protocol, not "unknown").
 */
export function nameUnclaimedServices(facts: HostFacts): void {
  const protocols = facts.device?.protocols ?? [];
  for (const service of facts.services) {
    if (service.name !== 'unknown') continue;
    for (const tag of protocols) {
      const info = protocolInfo(tag);
      if (info?.service !== undefined && info.port === service.port) {
        service.name = info.service;
        break;
      }
    }
  }
}
