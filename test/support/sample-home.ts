/** A small home of hand-built hosts for report and output tests. Only test files import this. */

import type { HostFacts } from '../../src/families/facts.ts';
import { device, evidence, host, service, shellyGen1 } from './hosts.ts';

/** A device name an attacker would choose: markup, ANSI colour, NUL, a bidi override and a newline. */
export const HOSTILE_NAME = '<script>alert(1)</script>\u001b[31mred\u001b[0m\u0000nul\u202eevil\nline';

export function sampleHome(): HostFacts[] {
  const shellys = ['garage-door', 'porch', 'kitchen'].map((name, index) =>
    host({
      address: `127.77.50.${10 + index}`,
      mac: `AA:BB:CC:00:00:0${index}`,
      device: shellyGen1({ name }),
      services: [service('http', 80)],
    }),
  );
  const plug = host({
    address: '127.77.50.20',
    device: device('kasa-legacy', {
      model: 'HS300(US)',
      hwVersion: '2.0',
      name: HOSTILE_NAME,
      protocols: ['kasa-xor'],
      auth: {
        state: 'none',
        evidence: { sent: 'TCP 9999 {"system":{"get_sysinfo":{}}} (XOR)', received: `{"alias":"${HOSTILE_NAME}"}` },
      },
      firmware: { installed: '1.0.3 Build 201203 Rel.165457' },
      cloud: { enabled: true, evidence: evidence('cnCloud') },
    }),
  });
  const router = host({
    address: '127.77.50.1',
    hostname: 'router',
    services: [
      service('telnet', 23, { auth: 'required' }),
      service('upnp-igd', 49000, {
        portMappings: [
          {
            externalPort: 9999,
            internalClient: '127.77.50.20',
            internalPort: 9999,
            protocol: 'TCP',
            description: 'kasa',
            enabled: true,
          },
        ],
      }),
    ],
  });
  const bare = host({ address: '127.77.50.30', services: [] });
  return [...shellys, plug, router, bare];
}
