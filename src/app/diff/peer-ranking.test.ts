import { describe, expect, it } from 'vitest';
import { rankOddSettings } from './peer-ranking.ts';
import { trafficHint } from './traffic-hints.ts';

const peer = (deviceId: string, mac: string, config: Record<string, unknown>) => ({
  deviceId,
  label: deviceId,
  config,
  identity: { mac },
});

const base = (parts: Record<string, unknown> = {}) => ({
  sntp: { server: 'time.google.com', enabled: true },
  mqtt: { enable: false, server: '192.168.33.3:1883' },
  coiot: { enabled: true, peer: '' },
  led_status_disable: false,
  fw: 'v1.14.0',
  ...parts,
});

describe('peer ranking', () => {
  it('ranks the setting in which a device is the odd one out first, with its traffic hint', () => {
    const garage = peer('garage', 'A1B2C3D4E5F6', base({ sntp: { server: 'ntp.old-nas.example', enabled: true } }));
    const fan = peer('fan', '0A0B0C0D0E0F', base());
    const hallway = peer('hallway', '112233445566', base({ fw: 'v1.5.6', led_status_disable: true }));
    const odd = rankOddSettings(garage, [fan, hallway]);
    expect(odd[0]).toMatchObject({
      key: 'sntp.server',
      value: 'ntp.old-nas.example',
      peerValue: 'time.google.com',
      peersAgreeing: 2,
      peersDiffering: 2,
      score: 1,
    });
    expect(odd[0]?.hint).toMatch(/SNTP/);
    // fw and the LED: garage shares its value with one of two peers, so it is not the odd one there.
    expect(odd.map((o) => o.key)).toEqual(['sntp.server']);
  });

  it('puts traffic-causing settings first among equally odd ones', () => {
    const device = peer(
      'd',
      'A1B2C3D4E5F6',
      base({ led_status_disable: true, mqtt: { enable: true, server: 'broker.lan:1883' } }),
    );
    const peers = [peer('p1', '0A0B0C0D0E0F', base()), peer('p2', '112233445566', base())];
    expect(rankOddSettings(device, peers).map((o) => o.key)).toEqual([
      'mqtt.enable',
      'mqtt.server',
      'led_status_disable',
    ]);
  });

  it('scores a setting lower when the peers disagree among themselves', () => {
    const device = peer('d', 'A1B2C3D4E5F6', base({ fw: 'v3' }));
    const peers = [
      peer('p1', '0A0B0C0D0E0F', base({ fw: 'v1' })),
      peer('p2', '112233445566', base({ fw: 'v1' })),
      peer('p3', '212233445566', base({ fw: 'v2' })),
    ];
    const [fw] = rankOddSettings(device, peers);
    expect(fw).toMatchObject({ key: 'fw', peerValue: 'v1', peersAgreeing: 2, peersDiffering: 3, score: 0.667 });
  });

  it('returns nothing without peers or without differences', () => {
    const device = peer('d', 'A1B2C3D4E5F6', base());
    expect(rankOddSettings(device, [])).toEqual([]);
    expect(rankOddSettings(device, [peer('p', '0A0B0C0D0E0F', base())])).toEqual([]);
  });

  it('knows which settings cause traffic', () => {
    expect(trafficHint(['sys', 'sntp', 'server'])).toMatch(/SNTP/);
    expect(trafficHint(['StatusNET', 'NtpServer1'])).toMatch(/SNTP/);
    expect(trafficHint(['coiot', 'peer'])).toMatch(/CoIoT/);
    expect(trafficHint(['cloud', 'enabled'])).toMatch(/cloud/);
    expect(trafficHint(['debug_enable'])).toMatch(/debug/);
    expect(trafficHint(['led_status_disable'])).toBeUndefined();
  });
});
