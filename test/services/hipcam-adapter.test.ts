import { afterEach, describe, expect, it } from 'vitest';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { nasKind } from '../../src/lab/kinds/nas/nas-kind.ts';
import { hipcamAdapter, parseCgiVars } from '../../src/services/hipcam/adapter.ts';
import { hipcamKind } from '../../src/services/hipcam/simulator/kind.ts';
import { testAddress } from '../support/addresses.ts';
import { contextFor, targetFor } from '../support/service-probe.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function camera(settings: unknown = {}) {
  const address = testAddress();
  const sim = await startSimulator(hipcamKind, { address, settings, name: 'nursery-camera' });
  started.push(sim);
  return { sim, target: targetFor(sim, address) };
}

describe('Hipcam camera adapter', () => {
  it("identifies the camera by its web server and reads model, firmware and MAC with the owner's credentials", async () => {
    const { sim, target } = await camera({ firmware: 'V9.1.4.1.20-20170419', auth: { password: 'owner-pw' } });
    const context = contextFor({
      credentials: (q) =>
        q.family === 'generic' && q.address === target.address
          ? { username: 'admin', password: 'owner-pw' }
          : undefined,
    });
    const identity = await hipcamAdapter.identify(target, context);
    expect(identity).toMatchObject({ family: 'generic', vendor: 'HiSilicon OEM' });
    if (!identity) throw new Error('not identified');
    const facts = await hipcamAdapter.inspect(target, identity, context);
    expect(facts).toMatchObject({
      family: 'generic',
      model: 'C6F0SoZ3N0PnL2',
      hwVersion: 'V1.0',
      name: 'nursery-camera',
      mac: sim.mac,
      firmware: { installed: 'V9.1.4.1.20-20170419' },
      auth: { state: 'required' },
    });
    expect(facts.protocols).toEqual(['http', 'rtsp', 'telnet']);
    expect(JSON.stringify(facts)).not.toContain('owner-pw');
  });

  it('without credentials says what it could not read; with the login off it needs none', async () => {
    const locked = await camera();
    const context = contextFor();
    const identity = await hipcamAdapter.identify(locked.target, context);
    if (!identity) throw new Error('not identified');
    const facts = await hipcamAdapter.inspect(locked.target, identity, context);
    expect(facts.firmware.installed).toBeUndefined();
    expect(facts.limitations.join(' ')).toContain('no credentials configured');
    const open = await camera({ auth: { enabled: false } });
    const openIdentity = await hipcamAdapter.identify(open.target, context);
    if (!openIdentity) throw new Error('not identified');
    const openFacts = await hipcamAdapter.inspect(open.target, openIdentity, context);
    expect(openFacts.auth.state).toBe('none');
    expect(openFacts.firmware.installed).toBe('V9.1.4.1.16-20160722');
  });

  it('does not claim other web servers', async () => {
    const address = testAddress();
    const nas = await startSimulator(nasKind, { address });
    started.push(nas);
    // The NAS has no port 80; pretend its DSM port is 80 to show the header decides, not the port.
    const target = { ...targetFor(nas, address), openTcpPorts: new Set([80]), connectPort: () => nas.portOf(5000) };
    expect(await hipcamAdapter.identify(target, contextFor())).toBeUndefined();
  });

  it('parses the CGI variable lines and ignores anything else', () => {
    expect(parseCgiVars('var model="X1";\r\nvar softVersion="V9";\r\n[Error]cmd error!\r\nvar bad=1;')).toEqual({
      model: 'X1',
      softVersion: 'V9',
    });
  });
});
