import { describe, expect, it } from 'vitest';
import { commandProblems, knownCommandLines } from '../../test/support/advice-commands.ts';
import { device, evidence, host, service, shellyGen1 } from '../../test/support/hosts.ts';
import type { HostFacts, ProtocolTag } from '../families/facts.ts';
import { FAMILIES } from '../families/index.ts';
import { CHECK_CATALOGUE, runChecks } from './catalogue.ts';
import { cloudEnabledCheck, credentialsExposedCheck } from './data-checks.ts';

describe('cloud.enabled', () => {
  it('is an info finding for a Shelly on the cloud, with the Gen1 settings call', () => {
    const shelly = host({ device: shellyGen1({ cloud: { enabled: true, evidence: evidence('settings-cloud') } }) });
    const [finding] = cloudEnabledCheck.run(shelly).findings;
    expect(finding?.severity).toBe('info');
    expect(finding?.remediation.join(' ')).toContain('/settings/cloud?enabled=0');
    expect(finding?.remediation.join(' ')).toContain(
      `iotwarden fix apply --device ${shelly.address} --check cloud.enabled`,
    );
  });

  it('passes with the cloud off, and skips a Kasa device whose cloud state could not be read', () => {
    expect(cloudEnabledCheck.run(host({ device: shellyGen1() })).findings).toEqual([]);
    const kasa = host({
      device: device('kasa-legacy', { limitations: ['cnCloud.get_info needs the owner credentials'] }),
    });
    expect(cloudEnabledCheck.run(kasa).skipped).toEqual([
      { checkId: 'cloud.enabled', reason: 'cnCloud.get_info needs the owner credentials' },
    ]);
    expect(cloudEnabledCheck.run(host({ device: device('tasmota') }))).toEqual({ findings: [] });
  });
});

describe('data.credentials-exposed', () => {
  it('is critical and tells an old Shelly to update and then change the password', () => {
    const old = host({
      device: shellyGen1({
        exposedSecrets: [
          {
            what: 'login password',
            evidence: { sent: 'GET /settings', received: '{"login":{"password":"<redacted>"}}' },
          },
        ],
      }),
    });
    const [finding] = credentialsExposedCheck.run(old).findings;
    expect(finding).toMatchObject({ severity: 'critical', subject: 'login password' });
    expect(finding?.remediation[0]).toContain('v1.5.x');
    expect(finding?.remediation.at(-1)).toContain('change the login password');
  });

  it('passes when nothing was disclosed', () => {
    expect(credentialsExposedCheck.run(host({ device: shellyGen1() })).findings).toEqual([]);
  });
});

/** A device of `family` with everything wrong that a check can see: the advice of every check is then in play. */
function worstHost(family: (typeof FAMILIES)[number]): HostFacts {
  const protocols = Object.keys(family.protocols) as ProtocolTag[];
  return host({
    device: device(family.id, {
      model: 'X1',
      protocols,
      firmware: { installed: '0.0.1', latest: '99.0.0', latestSource: 'device', autoUpdate: false },
      auth: { state: 'none', evidence: evidence('auth') },
      cloud: { enabled: true, evidence: evidence('cloud') },
      debugInterfaces: [{ name: 'debug log', evidence: evidence('debug') }],
      exposedSecrets: [{ what: 'login password', evidence: evidence('secret') }],
      pairing: { open: true, evidence: evidence('pairing') },
    }),
    services: [
      service('http', 80, { auth: 'none' }),
      service('telnet', 23, { auth: 'none' }),
      service('mongodb', 27017, { auth: 'none' }),
      service('rtsp', 554, { auth: 'none' }),
      service('mqtt', 1883, { auth: 'none' }),
      service('upnp-igd', 5000, {
        auth: 'none',
        portMappings: [
          {
            externalPort: 8554,
            internalClient: '127.77.1.60',
            internalPort: 554,
            protocol: 'TCP',
            description: 'camera',
            enabled: true,
          },
        ],
      }),
    ],
  });
}

describe('remediation commands', () => {
  it('names only commands the real CLI has, across every check, family and manual fix', () => {
    const hosts = [...FAMILIES.map(worstHost), worstHost({ ...FAMILIES[0], id: 'generic' } as never)];
    const texts: string[] = [];
    for (const each of hosts) {
      for (const finding of runChecks(each, { hosts }).findings) {
        texts.push(...finding.remediation);
        const manual = FAMILIES.find((f) => f.id === each.device?.family)?.fixes.manual ?? [];
        for (const fix of manual.filter((m) => m.checkId === finding.checkId))
          texts.push(...(fix.steps(each, finding) ?? []));
      }
    }
    for (const family of FAMILIES) {
      const h = worstHost(family);
      const { advice, firmware } = family;
      texts.push(...advice.setPassword(h), ...advice.update(h), ...advice.cleartext(h), ...advice.cloudOff(h));
      texts.push(...advice.phoneHome(h, 'block it', 'compare it'), ...advice.debugOff(h), advice.exposedSecret);
      if (firmware.autoUpdate.kind === 'switch') texts.push(...firmware.autoUpdate.steps(h));
    }
    const all = texts.join('\n');
    // The test must see the commands it guards, or it proves nothing.
    const seen = knownCommandLines(all).map((line) => line.split(' ').slice(0, 2).join(' '));
    expect(new Set(seen)).toEqual(
      new Set(['fix apply', 'fix plan', 'fix auto-update', 'firmware apply', 'firmware plan', 'firmware hold']),
    );
    expect(CHECK_CATALOGUE.length).toBeGreaterThan(10);
    expect(commandProblems(all)).toEqual([]);
  });

  it('would catch a command that does not exist', () => {
    expect(commandProblems('Run iotwarden fix cloud-off 1.2.3.4.')).toEqual([
      '"iotwarden fix cloud-off 1.2.3.4": "fix" needs a subcommand',
    ]);
    expect(commandProblems('iotwarden fix apply --force')).toEqual([
      '"iotwarden fix apply --force": apply has no option --force',
    ]);
  });
});
