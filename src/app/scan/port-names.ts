import type { HostFacts, ProtocolTag } from '../../families/facts.ts';

/**
 * Ports that belong to a device protocol rather than to a generic service: when no service identifier claimed
 * them, the family adapter's protocol names them (9999 on a Kasa plug is the Kasa protocol, not "unknown").
 */
const PROTOCOL_PORTS: Record<number, Partial<Record<ProtocolTag, string>>> = {
  9999: { 'kasa-xor': 'kasa' },
  6053: { 'esphome-plaintext': 'esphome', 'esphome-noise': 'esphome' },
  80: {
    klap: 'http',
    aes: 'http',
    'shelly-http': 'http',
    'shelly-rpc': 'http',
    'tasmota-http': 'http',
    'hue-v1': 'http',
  },
};

export function nameUnclaimedServices(facts: HostFacts): void {
  const protocols = facts.device?.protocols ?? [];
  for (const service of facts.services) {
    if (service.name !== 'unknown') continue;
    const candidates = PROTOCOL_PORTS[service.port] ?? {};
    const match = protocols.find((p) => candidates[p] !== undefined);
    if (match) service.name = candidates[match] as string;
  }
}
