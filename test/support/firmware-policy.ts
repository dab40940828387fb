/** Builders for firmware tests: a device, its state and a policy, with every field set to something plausible. */

import { loadPolicy } from '../../src/app/firmware/policy-engine.ts';
import type {
  FirmwareDevice,
  FirmwarePolicy,
  FirmwareState,
  KnownBreakage,
  StoredHold,
} from '../../src/app/firmware/types.ts';
import type { FirmwarePolicyConfig } from '../../src/config/firmware-policy-schema.ts';
import { firmwarePolicyConfigSchema } from '../../src/config/firmware-policy-schema.ts';

export function testDevice(overrides: Partial<FirmwareDevice> = {}): FirmwareDevice {
  return {
    deviceId: 'dev_tvplug0000000000000000',
    name: 'tv-plug',
    address: '127.77.9.33',
    family: 'kasa-legacy',
    vendor: 'TP-Link',
    model: 'HS100(UK)',
    hwVersion: '4.1',
    mac: '50:C7:BF:00:00:33',
    openTcpPorts: [9999],
    protocols: ['kasa-xor'],
    observedMs: Date.UTC(2026, 0, 1),
    ...overrides,
  };
}

export function testState(overrides: Partial<FirmwareState> = {}): FirmwareState {
  return {
    deviceId: 'dev_tvplug0000000000000000',
    installed: '1.0.12 Build 190528 Rel.154535',
    latest: '1.1.0 Build 201016 Rel.175121',
    latestSource: 'device',
    deviceLatest: '1.1.0 Build 201016 Rel.175121',
    catalogueLatest: '1.1.0 Build 201016 Rel.175121',
    updateAvailable: true,
    autoUpdate: undefined,
    releaseDate: undefined,
    installedReleaseDate: undefined,
    cvesFixed: [],
    belowMinimum: undefined,
    breakages: [],
    catalogueSerial: 1,
    limitations: [],
    ...overrides,
  };
}

/** The HS100(UK) 4.1 KLAP breakage, as the bundled catalogue states it. */
export const KLAP_BREAKAGE: KnownBreakage = {
  id: 'kasa-hs100uk-4.1-klap',
  version: '1.1.0',
  effects: {
    closesPorts: [9999],
    opensPorts: [80],
    protocolChange: 'kasa-xor→klap',
    removesProtocols: ['kasa-xor'],
    affects: ['home-assistant-tplink', 'local-api'],
  },
  summary: 'Firmware 1.1.0 closes the local port 9999 and moves local control to KLAP.',
  options: ['Set the plug up again in Home Assistant with your TP-Link account.'],
  sources: ['https://github.com/softScheck/tplink-smartplug/issues/81'],
};

/** A policy from a config section as iotwarden.yaml would hold it (validated), in UTC unless told otherwise. */
export function testPolicy(config: unknown = {}, holds: StoredHold[] = [], timeZone = 'UTC'): FirmwarePolicy {
  const parsed: FirmwarePolicyConfig = firmwarePolicyConfigSchema.parse(config);
  return loadPolicy(parsed, holds, { timeZone });
}

export function storedHold(overrides: Partial<StoredHold> = {}): StoredHold {
  return {
    id: 1,
    scope: 'device',
    target: 'dev_tvplug0000000000000000',
    reason: 'Home Assistant still uses port 9999',
    until: '2026-02-01',
    createdMs: Date.UTC(2026, 0, 1),
    actor: 'cli',
    automatic: false,
    ...overrides,
  };
}
