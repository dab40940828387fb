import { describe, expect, it } from 'vitest';
import { diffConfigs } from './diff-configs.ts';
import { flattenConfig, pathKey } from './flatten-config.ts';
import { renderDiffTree } from './render-tree.ts';

/** Two Gen1 /settings as the lab's SHSW-1 profile serves them (gen1-profiles.ts), trimmed. */
function settings(mac: string, name: string, parts: Record<string, unknown> = {}): Record<string, unknown> {
  const hostname = `shelly1-${mac.slice(6)}`;
  return {
    device: { type: 'SHSW-1', mac, hostname },
    wifi_ap: { enabled: false, ssid: hostname },
    mqtt: { enable: false, server: '192.168.33.3:1883', id: hostname, keep_alive: 60 },
    sntp: { server: 'time.google.com', enabled: true },
    name,
    fw: '20230913-112003/v1.14.0-gcb84623',
    relays: [{ name: null, auto_off: 0 }],
    unixtime: 1_700_000_000,
    ...parts,
  };
}

describe('config diff', () => {
  it('flattens nested settings and arrays into readable paths', () => {
    const flat = flattenConfig({ a: { b: [1, { c: true }] }, empty: {}, list: [] });
    expect([...flat.keys()]).toEqual(['a.b[0]', 'a.b[1].c', 'empty', 'list']);
    expect(pathKey(['sys', 'sntp', 'server'])).toBe('sys.sntp.server');
  });

  it('ignores ids, MACs, names, clocks and identity-derived values of two identical devices', () => {
    const a = {
      config: settings('A1B2C3D4E5F6', 'garage-door'),
      identity: { mac: 'A1:B2:C3:D4:E5:F6', name: 'garage-door' },
    };
    const b = {
      config: settings('0A0B0C0D0E0F', 'bedroom-fan', { unixtime: 1_700_000_999 }),
      identity: { mac: '0a:0b:0c:0d:0e:0f', name: 'bedroom-fan' },
    };
    expect(diffConfigs(a, b)).toEqual([]);
  });

  it('shows settings that differ, and settings one side lacks', () => {
    const a = {
      config: settings('A1B2C3D4E5F6', 'garage-door', { sntp: { server: 'ntp.old-nas.example', enabled: true } }),
      identity: { mac: 'A1B2C3D4E5F6' },
    };
    const b = {
      config: settings('0A0B0C0D0E0F', 'bedroom-fan', { debug_enable: false }),
      identity: { mac: '0A0B0C0D0E0F' },
    };
    const differences = diffConfigs(a, b);
    expect(differences.map((d) => [d.key, d.a, d.b])).toEqual([
      ['sntp.server', 'ntp.old-nas.example', 'time.google.com'],
      ['debug_enable', undefined, false],
    ]);
    expect(renderDiffTree(differences)).toEqual([
      'sntp',
      '  server: ntp.old-nas.example → time.google.com',
      'debug_enable: (absent) → false',
    ]);
  });

  it('keeps an MQTT client id that names another device', () => {
    // A was cloned from B's backup and still connects to the broker as B.
    const a = {
      config: settings('A1B2C3D4E5F6', 'x', {
        mqtt: { enable: false, server: '192.168.33.3:1883', id: 'shelly1-0D0E0F', keep_alive: 60 },
      }),
      identity: { mac: 'A1B2C3D4E5F6' },
    };
    const b = { config: settings('0A0B0C0D0E0F', 'y'), identity: { mac: '0A0B0C0D0E0F' } };
    const differences = diffConfigs(a, b);
    expect(differences.map((d) => [d.key, d.a, d.b])).toEqual([['mqtt.id', 'shelly1-0D0E0F', 'shelly1-<mac>']]);
  });

  it('folds single-child sections and shows escape sequences in device values as visible text', () => {
    const lines = renderDiffTree([
      { path: ['sys', 'sntp', 'server'], a: 'a\u001b[31mred', b: 'b' },
      { path: ['sys', 'device', 'eco_mode'], a: true, b: false, note: 'hint' },
    ]);
    expect(lines).toEqual([
      'sys',
      '  sntp',
      '    server: a\\x1b[31mred → b',
      '  device',
      '    eco_mode: true → false  (hint)',
    ]);
  });
});
