import { HOSTILE_BEHAVIORS, type HostileBehavior } from '../../src/lab/kinds/hostile/settings.ts';

/** The secrets the end-to-end scan is configured with: none may ever reach a hostile device. */
export const SECRETS = {
  shellyPassword: 'family-shelly-Secret-7f3a',
  hueKey: 'hue-app-key-Secret-91bd',
} as const;

/** The honest devices, by last octet: what they are and the identity a clone copies. */
export const HONEST = {
  garageDoor: { octet: 10, name: 'garage-door', mac: 'E8:DB:84:12:34:56' },
  hallPlug: { octet: 11, name: 'hall-plug' },
  oldKasa: { octet: 12, name: 'old-kasa' },
} as const;

/** Hostile devices sit at .20 onwards, one per behaviour, in the order of HOSTILE_BEHAVIORS. */
export const FIRST_HOSTILE_OCTET = 20;

export function hostileOctet(behavior: HostileBehavior): number {
  return FIRST_HOSTILE_OCTET + HOSTILE_BEHAVIORS.indexOf(behavior);
}

/** The scenario document: every hostile behaviour beside three honest devices, in one /24. */
export function hostileHomeScenario(prefix: string): Record<string, unknown> {
  const at = (octet: number) => `${prefix}.${octet}`;
  const extra: Partial<Record<HostileBehavior, Record<string, unknown>>> = {
    // The clone claims garage-door's MAC and name at its own address.
    'mac-clone': { mac: HONEST.garageDoor.mac, claimsName: HONEST.garageDoor.name },
    // A redirect that a scan followed would land on the trap, which would count it.
    'redirect-host': { redirectTo: `http://${at(hostileOctet('credential-trap'))}/settings` },
    'control-chars': { ports: [80, 23] },
  };
  return {
    name: 'hostile-home',
    devices: [
      {
        name: HONEST.garageDoor.name,
        kind: 'shelly-gen1',
        address: at(HONEST.garageDoor.octet),
        mac: HONEST.garageDoor.mac,
        auth: { enabled: true, username: 'admin', password: SECRETS.shellyPassword },
      },
      { name: HONEST.hallPlug.name, kind: 'shelly-gen2', address: at(HONEST.hallPlug.octet), auth: { enabled: false } },
      { name: HONEST.oldKasa.name, kind: 'kasa-legacy', address: at(HONEST.oldKasa.octet), model: 'HS103(US)' },
      ...HOSTILE_BEHAVIORS.map((behavior) => ({
        name: `hostile-${behavior}`,
        kind: 'hostile',
        address: at(hostileOctet(behavior)),
        behavior,
        ...extra[behavior],
      })),
    ],
  };
}
