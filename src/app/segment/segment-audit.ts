/**
 * `iotwarden segment audit`: from a vantage point on the IoT segment (this host, or a local address given with
 * --source), try TCP connections to the trusted devices (roles home-assistant, owner-devices, trusted), the admin
 * interfaces (roles router, nas) and the internet hosts the user names, and report what succeeded as findings
 * (network.flat, network.iot-reaches-trusted, network.iot-reaches-admin, network.camera-internet). Every local target
 * must lie inside `networks:`; nothing else is probed.
 */
import ipaddr from 'ipaddr.js';
import { makeFinding } from '../../checks/check.ts';
import type { Finding } from '../../checks/finding.ts';
import {
  cameraInternetCheck,
  iotReachesAdminCheck,
  iotReachesTrustedCheck,
  networkFlatCheck,
} from '../../checks/network-segmentation.ts';
import type { IotwardenConfig } from '../../config/config-schema.ts';
import { UsageError } from '../../errors/index.ts';
import { type ReachAttempt, tryConnect } from '../../net/reachability.ts';
import type { Store } from '../../store/index.ts';
import { InventoryIndex, type PolicyDevice } from '../policy/inventory-index.ts';

/** Ports a trusted device or an admin interface answers on when the inventory knows none (SSH, HTTP(S), SMB, HA). */
const TRUSTED_PORTS = [22, 80, 443, 445, 8123];
const ADMIN_PORTS = [22, 23, 80, 443, 8080, 8443, 5000, 5001];
const TRUSTED_ROLES = ['home-assistant', 'owner-devices', 'trusted'];
const ADMIN_ROLES = ['router', 'nas'];
const MAX_ATTEMPTS = 512;

export interface SegmentTarget {
  kind: 'trusted' | 'admin' | 'internet';
  label: string;
  address: string;
  ports: number[];
}

export interface SegmentAuditOptions {
  /** Local address to connect from (the vantage point); default: whatever the host picks. */
  source?: string;
  /** Internet hosts to try, `host:port` (only what the user names). */
  internet?: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SegmentAudit {
  vantage: string | undefined;
  attempts: Array<ReachAttempt & { kind: SegmentTarget['kind']; label: string }>;
  findings: Finding[];
  /** What could not be tested, and why (no internet host named, no role defined). */
  notes: string[];
}

export async function auditSegments(
  store: Store,
  config: Pick<IotwardenConfig, 'roles' | 'networks'>,
  options: SegmentAuditOptions = {},
): Promise<SegmentAudit> {
  const index = new InventoryIndex(await store.devices(), config.roles);
  const notes: string[] = [];
  const targets = [
    ...localTargets(index, 'trusted', TRUSTED_ROLES, notes),
    ...localTargets(index, 'admin', ADMIN_ROLES, notes),
  ];
  refuseUnconfigured(targets, config.networks);
  targets.push(...internetTargets(options.internet ?? [], notes));
  const attempts: SegmentAudit['attempts'] = [];
  for (const target of targets) {
    for (const port of target.ports) {
      if (attempts.length >= MAX_ATTEMPTS) break;
      const attempt = await tryConnect({
        address: target.address,
        port,
        timeoutMs: options.timeoutMs ?? 1500,
        ...(options.source ? { localAddress: options.source } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (attempt.outcome === 'error' && /EADDRNOTAVAIL|EINVAL/.test(attempt.detail ?? '')) {
        throw new UsageError(`--source ${options.source} is not an address of this host`);
      }
      attempts.push({ ...attempt, kind: target.kind, label: target.label });
    }
  }
  const vantage = options.source ?? attempts.find((a) => a.localAddress)?.localAddress;
  return { vantage, attempts, findings: findingsOf(attempts, index, vantage), notes };
}

function localTargets(
  index: InventoryIndex,
  kind: 'trusted' | 'admin',
  roles: string[],
  notes: string[],
): SegmentTarget[] {
  const fallback = kind === 'trusted' ? TRUSTED_PORTS : ADMIN_PORTS;
  const targets: SegmentTarget[] = [];
  for (const role of roles) {
    const members = index.role(role);
    if (!members) continue;
    for (const device of members.devices) {
      targets.push({ kind, label: `${device.name} (${role})`, address: device.address, ports: fallback });
    }
    for (const address of members.addresses) {
      if (!address.includes('/')) targets.push({ kind, label: `${address} (${role})`, address, ports: fallback });
    }
  }
  if (targets.length === 0) notes.push(`no ${kind} devices: set roles ${roles.join(' / ')} in iotwarden.yaml`);
  return targets;
}

/** The product probes only what the user configured: every local target must be inside `networks:`. */
function refuseUnconfigured(targets: readonly SegmentTarget[], networks: readonly string[]): void {
  const outside = targets.filter((t) => !networks.some((network) => inside(t.address, network)));
  if (outside.length > 0) {
    throw new UsageError(
      `not probing ${outside.map((t) => t.address).join(', ')}: outside networks: in iotwarden.yaml (add the network there first)`,
    );
  }
}

function internetTargets(list: readonly string[], notes: string[]): SegmentTarget[] {
  if (list.length === 0) notes.push('internet reachability not tested: name a host with --internet HOST:PORT');
  return list.map((text) => {
    const match = /^(.+):(\d{1,5})$/.exec(text);
    const address = match?.[1]?.replace(/^\[|\]$/g, '');
    if (!match || !address || !ipaddr.isValid(address) || Number(match[2]) > 65_535) {
      throw new UsageError(`--internet needs ADDRESS:PORT (an IP address), not "${text}"`);
    }
    return { kind: 'internet', label: text, address, ports: [Number(match[2])] };
  });
}

function inside(address: string, network: string): boolean {
  try {
    const parsed = ipaddr.process(address);
    if (!network.includes('/')) return ipaddr.process(network).toString() === parsed.toString();
    const [base, bits] = ipaddr.parseCIDR(network);
    return base.kind() === parsed.kind() && parsed.match(base, bits);
  } catch {
    return false;
  }
}

function findingsOf(attempts: SegmentAudit['attempts'], index: InventoryIndex, vantage: string | undefined): Finding[] {
  const open = attempts.filter((a) => a.outcome === 'open');
  const evidence = (list: typeof open) =>
    list.map((a) => ({
      sent: `TCP connect from ${vantage ?? 'this host'} to ${a.address}:${a.port}`,
      received: `connected in ${a.ms} ms (${a.label})`,
    }));
  const findings: Finding[] = [];
  const trusted = open.filter((a) => a.kind === 'trusted');
  const sameSubnet = trusted.filter((a) => vantage && inside(a.address, `${vantage}/24`));
  if (sameSubnet.length > 0) {
    findings.push(
      makeFinding(networkFlatCheck, {
        detail: `${vantage} and trusted devices (${names(sameSubnet)}) are on one network, with no router between them.`,
        evidence: evidence(sameSubnet),
        remediation: [
          'Put IoT devices on their own network (a separate SSID/VLAN): iotwarden segment plan says which.',
        ],
      }),
    );
  }
  if (trusted.length > 0) {
    findings.push(
      makeFinding(iotReachesTrustedCheck, {
        detail: `From ${vantage ?? 'this host'}, connections to ${names(trusted)} succeeded.`,
        evidence: evidence(trusted),
        remediation: [
          'Drop IoT → trusted traffic at the router; allow only replies (iotwarden policy export does this per device).',
        ],
      }),
    );
  }
  const admin = open.filter((a) => a.kind === 'admin');
  if (admin.length > 0) {
    findings.push(
      makeFinding(iotReachesAdminCheck, {
        detail: `From ${vantage ?? 'this host'}, admin ports answered: ${admin.map((a) => `${a.label} port ${a.port}`).join(', ')}.`,
        evidence: evidence(admin),
        remediation: ['Let the router and NAS accept management only from the trusted network.'],
      }),
    );
  }
  const internet = open.filter((a) => a.kind === 'internet');
  const cameras = camerasNear(index, vantage);
  if (internet.length > 0 && cameras.length > 0) {
    findings.push(
      makeFinding(cameraInternetCheck, {
        detail: `${cameras.map((c) => c.name).join(', ')} share the network of ${vantage}, from which ${names(internet)} answered.`,
        evidence: evidence(internet),
        remediation: [
          "Confine cameras to their vendor's cloud: iotwarden policy generate gives them the camera template.",
        ],
      }),
    );
  }
  return findings;
}

function camerasNear(index: InventoryIndex, vantage: string | undefined): PolicyDevice[] {
  return index.devices.filter((d) => d.camera && vantage !== undefined && inside(d.address, `${vantage}/24`));
}

function names(list: ReadonlyArray<{ label: string }>): string {
  return [...new Set(list.map((a) => a.label))].join(', ');
}
