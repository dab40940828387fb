import { afterEach, describe, expect, it } from 'vitest';
import type { StartedSimulator } from '../../src/lab/core/start-simulator.ts';
import { startSimulator } from '../../src/lab/core/start-simulator.ts';
import { hipcamKind } from '../../src/services/hipcam/simulator/kind.ts';
import { httpIdentifier } from '../../src/services/http/http-identifier.ts';
import { rtspIdentifier } from '../../src/services/rtsp/rtsp-identifier.ts';
import { telnetIdentifier } from '../../src/services/telnet/telnet-identifier.ts';
import { testAddress } from '../support/addresses.ts';
import { contextFor, targetFor } from '../support/service-probe.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function camera(settings: unknown = {}, portMode: 'auto' | 'shift' = 'auto') {
  const address = testAddress();
  const sim = await startSimulator(hipcamKind, { address, settings, portMode, name: 'nursery-camera' });
  started.push(sim);
  return { sim, address, target: targetFor(sim, address) };
}

describe('service identifiers against the simulated Hipcam camera', () => {
  it('HTTP: login required, the product line is recognised and its factory pair admin/admin is found', async () => {
    // Shifted ports prove identifiers connect where the lab bound (10080) and report the real port (80).
    const { sim, target } = await camera({}, 'shift');
    expect(sim.portOf(80)).toBe(10080);
    const facts = await httpIdentifier.identify(target, 80, contextFor());
    expect(facts).toMatchObject({
      port: 80,
      name: 'http',
      auth: 'required',
      http: { status: 401, server: 'Hipcam', realm: 'index.html' },
      product: expect.stringContaining('Hipcam'),
      defaultCredentials: { username: 'admin' },
    });
    expect(facts?.evidence?.sent).toBe(`GET http://${target.address}:80/`);
    expect(facts?.defaultCredentials?.evidence.sent).toContain('admin:****');
  });

  it('HTTP: finds the blank-password factory pair on its second try and never shows a password', async () => {
    const { target } = await camera({ auth: { password: '' } });
    const facts = await httpIdentifier.identify(target, 80, contextFor());
    expect(facts?.defaultCredentials?.username).toBe('admin');
    expect(facts?.defaultCredentials?.evidence.received).toMatch(/^200/);
  });

  it('HTTP: a changed password is not found, and nothing is tried when credential checks are off', async () => {
    const changed = await camera({ auth: { password: 'Long-unique-passphrase-7' } });
    const facts = await httpIdentifier.identify(changed.target, 80, contextFor());
    expect(facts?.auth).toBe('required');
    expect(facts?.defaultCredentials).toBeUndefined();
    const factory = await camera();
    const unchecked = await httpIdentifier.identify(factory.target, 80, contextFor({ credentialChecks: false }));
    expect(unchecked?.auth).toBe('required');
    expect(unchecked?.defaultCredentials).toBeUndefined();
  });

  it('HTTP: with the login disabled the page is open', async () => {
    const { target } = await camera({ auth: { enabled: false } });
    const facts = await httpIdentifier.identify(target, 80, contextFor());
    expect(facts).toMatchObject({ auth: 'none', http: { status: 200, title: 'IPCAM' } });
    expect(facts?.defaultCredentials).toBeUndefined();
  });

  it('telnet: login prompt, and the firmware root password (known from the web server) logs in', async () => {
    const { target } = await camera({}, 'shift');
    const facts = await telnetIdentifier.identify(target, 23, contextFor());
    expect(facts).toMatchObject({
      port: 23,
      name: 'telnet',
      auth: 'required',
      defaultCredentials: { username: 'root' },
    });
    expect(facts?.evidence?.received).toContain('(none) login:');
    expect(facts?.defaultCredentials?.evidence.received).toContain('#');
    expect(JSON.stringify(facts)).not.toContain('xmhdipc');
  });

  it('telnet: finds a second documented root password, and none when the password was changed', async () => {
    const second = await camera({ telnet: { password: 'hi3518' } });
    expect((await telnetIdentifier.identify(second.target, 23, contextFor()))?.defaultCredentials?.username).toBe(
      'root',
    );
    const changed = await camera({ telnet: { password: 'not-a-factory-one' } });
    const facts = await telnetIdentifier.identify(changed.target, 23, contextFor());
    expect(facts?.auth).toBe('required');
    expect(facts?.defaultCredentials).toBeUndefined();
  });

  it('RTSP: DESCRIBE answers an SDP without credentials (auth none), or 401 with rtspAuth', async () => {
    const open = await camera({}, 'shift');
    const facts = await rtspIdentifier.identify(open.target, 554, contextFor());
    expect(facts).toMatchObject({ name: 'rtsp', auth: 'none', product: expect.stringContaining('Hipcam') });
    expect(facts?.authEvidence?.sent).toMatch(/^DESCRIBE rtsp:\/\/.*:554\/11 /);
    expect(facts?.authEvidence?.received).toContain('application/sdp');
    const closed = await camera({ rtspAuth: true });
    expect((await rtspIdentifier.identify(closed.target, 554, contextFor()))?.auth).toBe('required');
  });
});
