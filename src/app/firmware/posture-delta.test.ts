import { describe, expect, it } from 'vitest';
import { emptyDeviceFacts, type HostFacts, type ProtocolTag } from '../../families/facts.ts';
import { describeNetworkChange, postureDelta } from './posture-delta.ts';

function host(ports: number[], protocols: ProtocolTag[], installed: string): HostFacts {
  const device = emptyDeviceFacts('kasa-smart', 'TP-Link');
  device.protocols = protocols;
  device.firmware.installed = installed;
  device.auth = { state: protocols.includes('klap') ? 'required' : 'none' };
  return {
    address: '127.77.9.9',
    sources: ['tcp'],
    device,
    services: ports.map((port) => ({
      port,
      transport: 'tcp' as const,
      name: port === 9999 ? 'kasa' : 'http',
      auth: 'unknown' as const,
    })),
  };
}

describe('posture delta', () => {
  it('names the ports and protocols an update changed, closed ports first', () => {
    const delta = postureDelta(host([9999], ['kasa-xor'], '1.0.12'), host([80], ['klap'], '1.1.0'));
    expect(delta).toMatchObject({
      versionBefore: '1.0.12',
      versionAfter: '1.1.0',
      portsOpened: [80],
      portsClosed: [9999],
      protocolsGained: ['klap'],
      protocolsLost: ['kasa-xor'],
    });
    expect(describeNetworkChange(delta)).toBe('port 9999 closed, KLAP on port 80 now answers');
    // The check catalogue sees the unauthenticated legacy protocol go away.
    expect(delta.findingsResolved.map((f) => f.checkId)).toContain('protocol.kasa-legacy-xor');
  });

  it('says nothing changed when nothing did, and names a lost protocol whose port stayed open', () => {
    const same = postureDelta(host([80], ['shelly-http'], 'a'), host([80], ['shelly-http'], 'b'));
    expect(describeNetworkChange(same)).toBe('');
    const lost = postureDelta(host([80, 443], ['hue-v1', 'hue-clip-v2'], 'a'), host([80, 443], ['hue-v1'], 'b'));
    expect(describeNetworkChange(lost)).toBe('the Hue CLIP v2 API no longer answers on port 443');
    const opened = postureDelta(host([80], ['shelly-http'], 'a'), host([80, 23], ['shelly-http'], 'b'));
    expect(describeNetworkChange(opened)).toBe('port 23 opened');
  });
});
