import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingFixFor } from '../../src/app/fix/fix-catalogue.ts';
import type { Credential, CredentialLookup } from '../../src/families/device-adapter.ts';
import type { InstallContext, InstallDevice } from '../../src/families/installer.ts';
import type { FindingRef } from '../../src/families/setting-fix.ts';
import { systemClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { FIX_LAB_PASSWORD, type FixLab, startFixLab } from '../support/fix-lab.ts';

/**
 * Every setting fix against its simulator over real sockets, with the calls real clients make (issue 13): read
 * the setting, change it, read it back (with the new password where the change sets one), put it back where the
 * API allows, and read it again. One contract for every fix.
 */

const HUE_KEY = 'fixlabhueapplicationkey0000000000000000';
const ODD_SNTP = 'ntp.old-nas.example';
const NEW_PASSWORD = 'new-device-pw-42';
let lab: FixLab;

beforeAll(async () => {
  lab = await startFixLab(
    (at) => [
      {
        name: 'gen1-locked',
        kind: 'shelly-gen1',
        address: at(10),
        model: 'SHSW-1',
        auth: { enabled: true, username: 'admin', password: FIX_LAB_PASSWORD },
        cloud: true,
        debug: true,
        overrides: { sntp: { server: ODD_SNTP } },
      },
      { name: 'gen1-open', kind: 'shelly-gen1', address: at(11), model: 'SHSW-1', auth: { enabled: false } },
      {
        name: 'gen2-locked',
        kind: 'shelly-gen2',
        address: at(12),
        model: 'SNPL-00112EU',
        auth: { enabled: true, password: FIX_LAB_PASSWORD },
        cloud: true,
        debug: true,
        overrides: { sys: { sntp: { server: ODD_SNTP } } },
      },
      { name: 'gen2-open', kind: 'shelly-gen2', address: at(13), model: 'SNPL-00112EU', auth: { enabled: false } },
      { name: 'bridge', kind: 'hue', address: at(20), model: 'BSB002', apiKey: HUE_KEY, autoUpdate: false },
      { name: 'tasmota', kind: 'tasmota', address: at(30), model: 'Sonoff Basic', firmware: '13.4.0(tasmota)' },
      { name: 'kasa', kind: 'kasa-legacy', address: at(40), model: 'HS103(US)', cloud: true },
      {
        name: 'router',
        kind: 'router',
        address: at(1),
        portMappings: [
          { externalPort: 8554, internalClient: at(60), internalPort: 554, protocol: 'TCP', description: 'cam' },
        ],
      },
    ],
    [
      { family: 'shelly', username: 'admin', password: FIX_LAB_PASSWORD, trustOnFirstUse: true },
      { family: 'hue', apiKey: HUE_KEY, trustOnFirstUse: true },
    ],
  );
}, 90_000);

afterAll(async () => {
  await lab?.stop();
});

function context(credential: (family: string) => Credential | undefined): InstallContext {
  const credentials: CredentialLookup = (query) => credential(query.family);
  return {
    signal: AbortSignal.timeout(15_000),
    timeoutMs: 2000,
    maxBytes: 1 << 20,
    credentials,
    clock: systemClock,
    log: silentLogger,
  };
}

const configured = context((family) =>
  family.startsWith('shelly')
    ? { username: 'admin', password: FIX_LAB_PASSWORD }
    : family === 'hue'
      ? { apiKey: HUE_KEY }
      : undefined,
);
const withNewPassword = context((family) =>
  family === 'hue' ? { apiKey: HUE_KEY } : { username: 'admin', password: NEW_PASSWORD },
);

interface Case {
  /** Name, or `.N` for the host N on the lab's /24. */
  device: string;
  finding: FindingRef | ((prefix: string) => FindingRef);
  fixId: string;
  before: string;
  after: string;
}

const subjectOf = (prefix: string) => `TCP 8554 → ${prefix}.60:554`;

const CASES: Case[] = [
  {
    device: 'gen1-locked',
    finding: { checkId: 'cloud.enabled' },
    fixId: 'shelly-gen1.cloud-off',
    before: 'on',
    after: 'off',
  },
  {
    device: 'gen1-locked',
    finding: { checkId: 'privacy.phone-home', subject: ODD_SNTP },
    fixId: 'shelly-gen1.sntp',
    before: ODD_SNTP,
    after: 'time.google.com',
  },
  {
    device: 'gen1-locked',
    finding: { checkId: 'service.debug-interface' },
    fixId: 'shelly-gen1.debug-off',
    before: 'on',
    after: 'off',
  },
  {
    device: 'gen1-open',
    finding: { checkId: 'auth.no-login' },
    fixId: 'shelly-gen1.login',
    before: 'off',
    after: 'on',
  },
  {
    device: 'gen2-locked',
    finding: { checkId: 'cloud.enabled' },
    fixId: 'shelly-gen2.cloud-off',
    before: 'on',
    after: 'off',
  },
  {
    device: 'gen2-locked',
    finding: { checkId: 'privacy.phone-home', subject: ODD_SNTP },
    fixId: 'shelly-gen2.sntp',
    before: ODD_SNTP,
    after: 'time.google.com',
  },
  {
    device: 'gen2-locked',
    finding: { checkId: 'service.debug-interface' },
    fixId: 'shelly-gen2.debug-off',
    before: 'websocket',
    after: 'off',
  },
  {
    device: 'gen2-open',
    finding: { checkId: 'auth.no-login' },
    fixId: 'shelly-gen2.login',
    before: 'off',
    after: 'on',
  },
  {
    device: 'bridge',
    finding: { checkId: 'firmware.auto-update-off' },
    fixId: 'hue.auto-update',
    before: 'off',
    after: 'on',
  },
  {
    device: 'tasmota',
    finding: { checkId: 'auth.no-login' },
    fixId: 'tasmota.web-password',
    before: 'off',
    after: 'on',
  },
  {
    device: 'kasa',
    finding: { checkId: 'cloud.enabled' },
    fixId: 'kasa-legacy.cloud-unbind',
    before: 'bound',
    after: 'unbound',
  },
  {
    device: '.1',
    finding: (prefix) => ({ checkId: 'service.upnp-port-mapping', subject: subjectOf(prefix) }),
    fixId: 'upnp-igd.delete-mapping',
    before: 'present',
    after: 'absent',
  },
];

describe('every setting fix against its simulator', () => {
  it.each(CASES.map((c) => [c.fixId, c] as const))(
    '%s',
    async (_id, c) => {
      const ref = c.device.startsWith('.') ? `${lab.prefix}${c.device}` : c.device;
      const stored = await lab.store.device(ref);
      if (!stored) throw new Error(`${c.device} was not scanned`);
      const finding = typeof c.finding === 'function' ? c.finding(lab.prefix) : c.finding;
      const planned = settingFixFor(stored.facts, finding);
      expect(planned?.fix.id).toBe(c.fixId);
      if (!planned) return;
      const { fix, change } = planned;
      const device: InstallDevice = {
        address: stored.address,
        facts: stored.facts.device ?? {
          family: 'generic',
          vendor: '',
          firmware: {},
          protocols: [],
          auth: { state: 'unknown' },
          debugInterfaces: [],
          exposedSecrets: [],
          limitations: [],
        },
        connectPort: (port, transport) => lab.env().connectPort()(stored.address, port, transport),
      };
      const after = change.newPassword ? withNewPassword : configured;
      expect((await fix.read(device, configured, change)).value).toBe(c.before);
      const evidence = await fix.write(device, after, change);
      expect(JSON.stringify(evidence)).not.toContain(NEW_PASSWORD);
      expect((await fix.read(device, after, change)).value).toBe(c.after);
      if (change.newPassword) {
        // The old credential no longer gets in: the device really has the new password.
        await expect(fix.read(device, configured, change)).rejects.toThrow();
      }
      expect(change.undoable).toBe(fix.revert !== undefined);
      if (!fix.revert) return;
      await fix.revert(device, after, change);
      const restored = change.newPassword ? configured : after;
      expect((await fix.read(device, restored, { ...change })).value).toBe(c.before);
    },
    20_000,
  );
});
