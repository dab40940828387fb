/**
 * Deleting a UPnP port mapping that exposes an internal device (`DeletePortMapping`, IGD:1 WANIPConnection
 * §2.4.16). The control point needs no credentials by design. Switching UPnP off stays advice: no IGD action does it.
 */
import { ProtocolError } from '../../errors/index.ts';
import type { ProbeContext, ProbeTarget } from '../../families/device-adapter.ts';
import type { HostFacts } from '../../families/facts.ts';
import type { InstallContext, InstallDevice } from '../../families/installer.ts';
import type { FixSupport, SettingChange, SettingFix, SettingReading } from '../../families/setting-fix.ts';
import { evidence } from '../common/evidence.ts';
import { fetchIgd, type IgdHandle, soapCall } from './igd-client.ts';

/** `TCP 8554 → 192.168.1.50:554`, as the check names a mapping in its finding's subject. */
const SUBJECT = /^(TCP|UDP) (\d{1,5}) → (.+):(\d{1,5})$/;

interface MappingKey {
  protocol: string;
  externalPort: number;
  internalClient: string;
  internalPort: number;
}

function parseSubject(subject: string | undefined): MappingKey | undefined {
  const match = subject === undefined ? null : SUBJECT.exec(subject);
  if (!match?.[1] || !match[2] || !match[3] || !match[4]) return undefined;
  return {
    protocol: match[1],
    externalPort: Number(match[2]),
    internalClient: match[3],
    internalPort: Number(match[4]),
  };
}

/** Where the description was read during the scan: its evidence names it (`GET http://host:5000/rootDesc.xml`). */
function igdLocation(host: HostFacts): { port: number; path: string } | undefined {
  const service = host.services.find((s) => s.name === 'upnp-igd');
  const path = service?.evidence ? /^GET http:\/\/[^/]+(\/\S*)/.exec(service.evidence.sent)?.[1] : undefined;
  return service && path ? { port: service.port, path } : undefined;
}

function probeOf(device: InstallDevice, context: InstallContext): { target: ProbeTarget; probe: ProbeContext } {
  const target: ProbeTarget = {
    address: device.address,
    openTcpPorts: new Set(),
    connectPort: device.connectPort,
    udp: { answers: {} },
    mdns: [],
  };
  return { target, probe: { ...context, credentialChecks: false } };
}

async function igdOf(device: InstallDevice, context: InstallContext, change: SettingChange) {
  const { target, probe } = probeOf(device, context);
  const [port, path] = (change.target?.split(' ', 1)[0] ?? '').split('|') as [string, string | undefined];
  const igd: IgdHandle | undefined = path ? await fetchIgd(target, Number(port), path, probe) : undefined;
  if (!igd?.description.wanService) {
    throw new ProtocolError({ host: device.address, port: Number(port) }, 'the router no longer serves its IGD');
  }
  return { target, probe, igd };
}

/** `5000|/rootDesc.xml TCP 8554 → 192.168.1.50:554`: where the IGD is, then the mapping. */
function mappingOf(change: SettingChange): MappingKey {
  const key = parseSubject(change.target?.slice(change.target.indexOf(' ') + 1));
  if (!key) throw new Error(`not a port mapping: ${change.target}`);
  return key;
}

async function readMapping(device: InstallDevice, context: InstallContext, change: SettingChange) {
  const { target, probe, igd } = await igdOf(device, context, change);
  const key = mappingOf(change);
  const args = { NewRemoteHost: '', NewExternalPort: String(key.externalPort), NewProtocol: key.protocol };
  const result = await soapCall(target, igd, 'GetSpecificPortMappingEntry', args, probe);
  const present = 'values' in result && result.values.NewInternalClient === key.internalClient;
  const shown = 'values' in result ? `${result.values.NewInternalClient}:${result.values.NewInternalPort}` : 'none';
  const reading: SettingReading = {
    value: present ? 'present' : 'absent',
    evidence: evidence(`POST GetSpecificPortMappingEntry ${key.protocol} ${key.externalPort}`, shown),
  };
  return reading;
}

async function soap(device: InstallDevice, context: InstallContext, change: SettingChange, add: boolean) {
  const { target, probe, igd } = await igdOf(device, context, change);
  const key = mappingOf(change);
  const base = { NewRemoteHost: '', NewExternalPort: String(key.externalPort), NewProtocol: key.protocol };
  const action = add ? 'AddPortMapping' : 'DeletePortMapping';
  const args = add
    ? {
        ...base,
        NewInternalPort: String(key.internalPort),
        NewInternalClient: key.internalClient,
        NewEnabled: '1',
        NewPortMappingDescription: 'restored by iotwarden',
        NewLeaseDuration: '0',
      }
    : base;
  const result = await soapCall(target, igd, action, args, probe);
  if ('errorCode' in result) {
    throw new ProtocolError(
      { host: device.address, port: igd.port },
      `${action} failed: ${result.errorCode} ${result.errorDescription}`,
    );
  }
  return evidence(`POST ${action} ${key.protocol} ${key.externalPort}`, 'ok');
}

const deleteMappingFix: SettingFix = {
  id: 'upnp-igd.delete-mapping',
  checkId: 'service.upnp-port-mapping',
  plan(host, finding) {
    const location = igdLocation(host);
    if (!location || !parseSubject(finding.subject)) return undefined;
    return {
      setting: 'UPnP port mapping',
      target: `${location.port}|${location.path} ${finding.subject}`,
      before: 'present',
      after: 'absent',
      sideEffects: [
        'the device behind it is no longer reachable from the internet through this port; its app may ask for the mapping again while UPnP stays on',
      ],
      undoable: true,
    };
  },
  read: readMapping,
  write: (device, context, change) => soap(device, context, change, false),
  revert: (device, context, change) => soap(device, context, change, true),
};

export const UPNP_IGD_FIXES: FixSupport = { settings: [deleteMappingFix], manual: [] };
