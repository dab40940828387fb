import { afterAll, describe, expect, it } from 'vitest';
import { chooseInstaller } from '../../src/app/firmware/installer-choice.ts';
import { type AnyFamily, FAMILIES } from '../../src/families/index.ts';
import type { FirmwareInstaller, InstallContext, InstallDevice } from '../../src/families/installer.ts';
import type { UpdateOffer } from '../../src/lab/core/update-offer.ts';
import { familyUpdateOffer } from '../../src/lab/kinds.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { contractContext } from '../support/family-contract.ts';
import { drive } from '../support/firmware-lab.ts';
import { type RunningLabDevice, startLabDevice } from '../support/lab-device.ts';

/**
 * The family contract, continued (families.test.ts): a family whose descriptor names firmware installers installs
 * an update on its simulator through the installer iotwarden would choose, and the device comes back on the new
 * version; a family without one is told why, in one sentence that names where the owner installs instead.
 */
const FAMILY_LIST: readonly AnyFamily[] = FAMILIES;

const running: RunningLabDevice[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

/** The device as the last scan saw it, the way the firmware engine hands it to an installer. */
async function scanned(family: AnyFamily, offer: UpdateOffer | undefined, clock?: FakeClock) {
  const lab = await startLabDevice(family.id, { settings: offer?.settings ?? {}, ...(clock ? { clock } : {}) });
  running.push(lab);
  const target = await lab.discover();
  const context = contractContext(offer?.credential ? { credential: offer.credential } : {});
  const identity = await family.adapter.identify(target, context);
  if (!identity) throw new Error(`${family.id}: its simulator was not identified`);
  const facts = await family.adapter.inspect(target, identity, context);
  const device: InstallDevice = {
    address: lab.address,
    facts,
    connectPort: (port, transport = 'tcp') => lab.connectPort(lab.address, port, transport),
  };
  return { device, facts };
}

/** Polls the installer until the device answers with `version` again (it reboots on the FakeClock meanwhile). */
async function versionBack(
  installer: FirmwareInstaller,
  device: InstallDevice,
  context: InstallContext,
  version: string,
) {
  for (;;) {
    const reading = await installer.readVersion(device, context).catch(() => undefined);
    if (reading?.version === version && !reading.busy) return reading.version;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each(FAMILY_LIST.map((family) => [family.id, family] as const))('family %s', (_id, family) => {
  if (family.firmware.installers.length > 0) {
    it('installs an offered update on its simulator through the installer iotwarden chooses', async () => {
      const offer = familyUpdateOffer(family.id);
      expect(offer, 'the family installs firmware, so its simulator/index.ts must export updateOffer').toBeDefined();
      const clock = new FakeClock();
      const { device, facts } = await scanned(family, offer, clock);
      const choice = chooseInstaller(facts);
      if (!choice.supported) throw new Error(`${family.id}: ${choice.reason}`);
      expect(family.firmware.installers).toContain(choice.installer);
      const context: InstallContext = {
        signal: AbortSignal.timeout(20_000),
        timeoutMs: 1000,
        maxBytes: 1 << 20,
        credentials: () => offer?.credential,
        clock,
        log: silentLogger,
      };
      const before = await choice.installer.readVersion(device, context);
      expect(before.version).not.toBe(offer?.installs);
      const started = await drive(clock, choice.installer.start(device, context));
      expect(started.status).toBe('started');
      const after = await drive(clock, versionBack(choice.installer, device, context, offer?.installs ?? ''));
      expect(after).toBe(offer?.installs);
    }, 30_000);
  } else {
    it('says in one sentence why iotwarden cannot install its firmware, and where the owner can', async () => {
      const { facts } = await scanned(family, undefined);
      const choice = chooseInstaller(facts);
      expect(choice.supported).toBe(false);
      if (choice.supported) return;
      expect(choice.reason).toMatch(/^not supported: /);
      expect(choice.reason).toContain(family.firmware.ownerPath(facts));
      expect(choice.reason).not.toMatch(/[\r\n]/);
      expect(family.firmware.updatedBy).not.toBe('device');
    });
  }
});
