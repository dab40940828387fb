import { describe, expect, it } from 'vitest';
import { device, evidence, host, service } from '../../test/support/hosts.ts';
import { debugInterfaceCheck, openDatabaseCheck, rtspNoAuthCheck, telnetCheck } from './service-checks.ts';
import { upnpPortMappingCheck } from './upnp-port-mapping.ts';

describe('service.telnet', () => {
  it('is high with a login prompt and critical without one', () => {
    const prompt = host({ services: [service('telnet', 23, { auth: 'required' })] });
    expect(telnetCheck.run(prompt).findings[0]).toMatchObject({ severity: 'high', subject: 'telnet 23/tcp' });
    const shell = host({
      services: [service('telnet', 2323, { auth: 'none', authEvidence: evidence('shell-prompt') })],
    });
    expect(telnetCheck.run(shell).findings[0]).toMatchObject({
      severity: 'critical',
      evidence: [evidence('shell-prompt')],
    });
  });

  it('passes without telnet', () => {
    expect(telnetCheck.run(host({ services: [service('ssh', 22)] })).findings).toEqual([]);
  });
});

describe('service.open-database', () => {
  it('flags Redis and MongoDB without auth with service-specific steps, not ones that require auth', () => {
    const server = host({
      services: [
        service('redis', 6379, { auth: 'none' }),
        service('mongodb', 27017, { auth: 'none' }),
        service('redis', 6380, { auth: 'required' }),
      ],
    });
    const { findings } = openDatabaseCheck.run(server);
    expect(findings.map((finding) => finding.subject)).toEqual(['redis 6379/tcp', 'mongodb 27017/tcp']);
    expect(findings[0]?.remediation.join(' ')).toContain('requirepass');
    expect(findings[1]?.remediation.join(' ')).toContain('security.authorization');
    expect(findings.every((finding) => finding.severity === 'critical')).toBe(true);
  });
});

describe('service.rtsp-no-auth', () => {
  it('flags an open stream, not a protected one', () => {
    expect(rtspNoAuthCheck.run(host({ services: [service('rtsp', 554, { auth: 'none' })] })).findings).toHaveLength(1);
    expect(rtspNoAuthCheck.run(host({ services: [service('rtsp', 554, { auth: 'required' })] })).findings).toEqual([]);
  });
});

describe('service.debug-interface', () => {
  it('reports each enabled debug interface; Gen2 Shelly gets the Sys.SetConfig step', () => {
    const shelly = host({
      device: device('shelly-gen2', {
        model: 'SNSW-001X16EU',
        protocols: ['shelly-rpc'],
        debugInterfaces: [{ name: 'debug websocket', evidence: evidence('sys-config') }],
      }),
    });
    const [finding] = debugInterfaceCheck.run(shelly).findings;
    expect(finding).toMatchObject({ subject: 'debug websocket', severity: 'medium' });
    expect(finding?.remediation.join(' ')).toContain('Sys.SetConfig');
    expect(debugInterfaceCheck.run(host({ device: device('shelly-gen2') })).findings).toEqual([]);
  });
});

describe('service.upnp-port-mapping', () => {
  const mapping = {
    externalPort: 8554,
    internalClient: '127.77.200.99',
    internalPort: 554,
    protocol: 'TCP',
    description: 'camera remote view',
    enabled: true,
  };

  it('reports on the router, naming the exposed client, port and description, and the device by name', () => {
    const router = host({
      hostname: 'fritz.box',
      services: [
        service('upnp-igd', 49000, {
          portMappings: [mapping, { ...mapping, externalPort: 3074, internalPort: 3074, enabled: false }],
        }),
      ],
    });
    const camera = host({ address: '127.77.200.99', device: device('generic', { name: 'nursery-cam' }) });
    const { findings } = upnpPortMappingCheck.run(router, { hosts: [router, camera] });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.subject).toBe('TCP 8554 → 127.77.200.99:554');
    expect(finding?.severity).toBe('critical');
    expect(finding?.detail).toContain('127.77.200.99 (nursery-cam) port 554');
    expect(finding?.detail).toContain('camera remote view');
    expect(finding?.detail).toContain('fritz.box');
  });

  it('is high for an ordinary port and silent without mappings', () => {
    const router = host({
      services: [service('upnp-igd', 49000, { portMappings: [{ ...mapping, internalPort: 51413 }] })],
    });
    expect(upnpPortMappingCheck.run(router).findings[0]?.severity).toBe('high');
    expect(
      upnpPortMappingCheck.run(host({ services: [service('upnp-igd', 49000, { portMappings: [] })] })).findings,
    ).toEqual([]);
  });
});
