import { afterEach, describe, expect, it } from 'vitest';
import { applyToDevice } from '../../src/app/firmware/apply-device.ts';
import { hueKind } from '../../src/families/hue/simulator/kind.ts';
import { kasaLegacyKind } from '../../src/families/kasa-legacy/simulator/kind.ts';
import { shellyGen1Kind } from '../../src/families/shelly-gen1/simulator/kind.ts';
import { shellyGen2Kind } from '../../src/families/shelly-gen2/simulator/kind.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { drive, FirmwareLab, HUE_KEY, type LabDevice, SHELLY_PASSWORD } from '../support/firmware-lab.ts';

/**
 * Applying one update against lab devices over real sockets: install through the vendor API, wait for the reboot on
 * a FakeClock, verify the version, health-check against the scan before. Each fault the issue names is injected
 * through the simulators' update settings.
 */
let lab: FirmwareLab;
afterEach(async () => {
  await lab?.stop();
});

const OLD_GEN1 = '20221027-091427/v1.12.1-ga9117d3';
const NEW_GEN1 = '20230913-112003/v1.14.0-gcb84623';
const gen1Auth = { enabled: true, username: 'admin', password: SHELLY_PASSWORD };

async function apply(device: LabDevice, targetVersion?: string) {
  const before = await lab.scan(device);
  const result = await drive(
    lab.clock,
    applyToDevice({ deviceId: `dev_${device.name}`, name: device.name, before, targetVersion }, lab.environment()),
  );
  return { before, result };
}

describe('applying one update', () => {
  it('updates a Gen1 Shelly with its credentials, verifies the version and passes the health check', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(shellyGen1Kind, 'kitchen-island', {
      model: 'SHSW-25',
      firmware: OLD_GEN1,
      auth: gen1Auth,
      update: { version: NEW_GEN1, durationMs: 2000 },
    });
    const { result } = await apply(device, NEW_GEN1);
    expect(result.outcome).toBe('updated');
    expect(result.versionBefore).toBe(OLD_GEN1);
    expect(result.versionAfter).toBe(NEW_GEN1);
    expect(result.health?.healthy).toBe(true);
    expect(result.delta?.portsClosed).toEqual([]);
    expect(result.summary).toContain('health check passed');
    expect(device.installs()).toBe(1);
  });

  it('updates a Gen2 Shelly through Shelly.Update', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(shellyGen2Kind, 'living-room-dimmer', {
      model: 'SNSW-001P16EU',
      firmware: '1.0.8-g8c7bb8d',
      auth: { enabled: true, password: SHELLY_PASSWORD },
      update: { version: '1.4.4-g6d2a586', durationMs: 2000 },
    });
    const { result } = await apply(device, '1.4.4');
    expect(result).toMatchObject({ outcome: 'updated', versionBefore: '1.0.8', versionAfter: '1.4.4' });
    expect(device.installs()).toBe(1);
  });

  it('does not send anything to a device that already runs the target version', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(shellyGen1Kind, 'garage', { model: 'SHSW-1', firmware: NEW_GEN1, auth: gen1Auth });
    const { result } = await apply(device, NEW_GEN1);
    expect(result.outcome).toBe('already-current');
    expect(result.installSent).toBe(false);
    expect(device.installs()).toBe(0);
  });

  it('reports an update that fails midway: the device comes back on its old version', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(shellyGen1Kind, 'hall', {
      model: 'SHSW-1',
      firmware: OLD_GEN1,
      auth: gen1Auth,
      update: { version: NEW_GEN1, durationMs: 3000, outcome: 'fail-midway' },
    });
    const { result } = await apply(device, NEW_GEN1);
    expect(result.outcome).toBe('failed-midway');
    expect(result.versionAfter).toBe(OLD_GEN1);
    expect(result.summary).toContain(`came back on its old firmware ${OLD_GEN1}`);
    expect(result.options.length).toBeGreaterThan(0);
  });

  it('gives up on a device that never comes back, after the bounded wait', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(shellyGen2Kind, 'porch', {
      model: 'SNSW-001P16EU',
      firmware: '1.0.8',
      auth: { enabled: true, password: SHELLY_PASSWORD },
      update: { version: '1.4.4', durationMs: 2000, outcome: 'never-returns' },
    });
    const before = await lab.scan(device);
    const env = lab.environment({ maxRebootWaitMs: 20_000 });
    const result = await drive(
      lab.clock,
      applyToDevice({ deviceId: 'dev_porch', name: 'porch', before, targetVersion: '1.4.4' }, env),
      2000,
    );
    expect(result.outcome).toBe('never-returned');
    expect(result.summary).toMatch(/has not come back/);
    expect(device.installs()).toBe(1);
  });

  it('flags the Kasa KLAP firmware: port 9999 closed, KLAP on port 80 now answers', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(kasaLegacyKind, 'tv-plug', {
      model: 'HS100(UK)',
      hwVersion: '4.1',
      firmware: '1.0.12 Build 190528 Rel.154535',
      update: { version: '1.1.0 Build 201016 Rel.175121', durationMs: 2000, outcome: 'switch-to-klap' },
    });
    const { before, result } = await apply(device, '1.1.0 Build 201016 Rel.175121');
    expect(before.device?.protocols).toContain('kasa-xor');
    expect(result.outcome).toBe('unhealthy');
    expect(result.health?.closedPorts).toEqual([9999]);
    expect(result.health?.lostProtocols).toEqual(['kasa-xor']);
    expect(result.summary).toContain('port 9999 closed, KLAP on port 80 now answers');
    // Read over KLAP by the health check's rescan (a never-bound plug takes blank credentials).
    expect(result.versionAfter).toBe('1.1.0 Build 201016 Rel.175121');
    expect(result.delta?.findingsResolved.map((f) => f.checkId)).toContain('protocol.kasa-legacy-xor');
    expect(result.options.join(' ')).toMatch(/KLAP/);
    expect(device.installs()).toBe(1);
  });

  it('installs a Hue bridge update with the application key and waits through its installing phase', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(hueKind, 'garden-bridge', {
      model: 'BSB002',
      firmware: '1935074050',
      apiKey: HUE_KEY,
      update: { version: '1967054020', durationMs: 3000 },
    });
    const { result } = await apply(device);
    expect(result).toMatchObject({ outcome: 'updated', versionBefore: '1935074050', versionAfter: '1967054020' });
  });

  it('says clearly where it cannot install', async () => {
    lab = new FirmwareLab(new FakeClock());
    const { tasmotaKind } = await import('../../src/families/tasmota/simulator/kind.ts');
    const device = await lab.add(tasmotaKind, 'tasmota-plug', { model: 'Sonoff Basic', firmware: '13.4.0(tasmota)' });
    const { result } = await apply(device, '14.0.0');
    expect(result.outcome).toBe('not-supported');
    expect(result.summary).toMatch(/not supported.*do it in the vendor app/);
  });

  it('does not start without credentials for a login-protected Shelly, and says why', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(shellyGen1Kind, 'locked', {
      model: 'SHSW-1',
      firmware: OLD_GEN1,
      auth: gen1Auth,
      update: { version: NEW_GEN1 },
    });
    const before = await lab.scan(device);
    const env = lab.environment({ credentials: () => undefined });
    const result = await drive(
      lab.clock,
      applyToDevice({ deviceId: 'd', name: 'locked', before, targetVersion: NEW_GEN1 }, env),
    );
    expect(result.outcome).toBe('not-started');
    expect(result.summary).toMatch(/needs credentials/);
    expect(device.installs()).toBe(0);
  });
});
