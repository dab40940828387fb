/** `trust` and `untrust`, the implementation: loaded only when one of them runs (definitions in trust.ts). */
import {
  type TrustAllNewReport,
  type TrustedDeviceLine,
  trustAllNew,
  trustDevice,
  trustedDevices,
  untrustDevice,
} from '../../app/scan/trust-devices.ts';
import { UsageError } from '../../errors/index.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { inventoryExists, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { renderTable } from '../output/text-table.ts';

/** The options `trust` parses; `untrust` takes `--json` and `--db` only. */
export interface TrustOptions {
  allNew?: true | undefined;
  list?: true | undefined;
  json?: true | undefined;
  db?: string | undefined;
}

function who(device: TrustedDeviceLine): string {
  const name = sanitizeText(device.name ?? device.deviceId);
  const ids = [
    device.address,
    device.mac ? `MAC ${device.mac}` : '',
    device.boundDeviceId ? `id ${device.boundDeviceId}` : '',
  ]
    .filter((part) => part !== '')
    .map((part) => sanitizeText(part));
  return `${name} (${ids.join(', ')})`;
}

function allNewText(report: TrustAllNewReport): string {
  if (report.scanId === null) return 'Nothing scanned yet: run iotwarden scan first.\n';
  const list = (devices: TrustedDeviceLine[]) => devices.map(who).join(', ');
  const lines = [
    report.trusted.length === 0
      ? `No new untrusted devices in scan ${report.scanId}.`
      : `Trusted ${report.trusted.length} device(s) first seen in scan ${report.scanId}: ${list(report.trusted)}.`,
  ];
  if (report.already.length > 0) lines.push(`Trusted already: ${list(report.already)}.`);
  if (report.conflicted.length > 0) {
    lines.push(
      `Not trusted, because another host claims the same identity (network.identity-conflict): ${list(report.conflicted)}. Check them, then trust one by name if it is yours.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function listText(devices: TrustedDeviceLine[], width: number): string {
  if (devices.length === 0) return 'No trusted devices: family-wide credentials go to no device.\n';
  const columns = [
    { header: 'NAME', min: 8, max: 24 },
    { header: 'ADDRESS', min: 7, max: 15 },
    { header: 'MAC', min: 8, max: 17 },
    { header: 'DEVICE ID', min: 8, max: 28 },
    { header: 'CERTIFICATE', min: 8, max: 24 },
    { header: 'HOW', min: 3, max: 12 },
  ];
  const rows = devices.map((d) => [
    d.name ?? d.deviceId,
    d.address,
    d.mac ?? '—',
    d.boundDeviceId ?? '—',
    d.boundCertificate ?? '—',
    d.acceptedBy ?? '—',
  ]);
  return `${renderTable(columns, rows, { width })}\n`;
}

function requireInventory(db: string | undefined, deps: CliDeps): void {
  if (!inventoryExists(db, deps)) {
    throw new UsageError('no inventory yet: run iotwarden scan first, then trust what it found', {
      code: 'ERR_NO_DEVICE',
    });
  }
}

export async function runTrust(ref: string | undefined, options: TrustOptions, deps: CliDeps): Promise<void> {
  const modes = [ref !== undefined, options.allNew === true, options.list === true].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('give one device, or --all-new, or --list (see iotwarden trust --help)');
  requireInventory(options.db, deps);
  const width = Math.min(deps.out.columns ?? 100, 120);
  if (options.list) {
    const devices = await withStore(options.db, deps, trustedDevices, { readonly: true });
    return void deps.out.write(options.json ? jsonText({ trusted: devices }) : listText(devices, width));
  }
  if (options.allNew) {
    const report = await withStore(options.db, deps, trustAllNew);
    return void deps.out.write(options.json ? jsonText(report) : allNewText(report));
  }
  const result = await withStore(options.db, deps, (store) => trustDevice(store, ref!));
  const text = result.already
    ? `${who(result.device)} was trusted already.\n`
    : `Trusted ${who(result.device)}: your configured credentials may be used with it while it presents this identity.\n`;
  deps.out.write(options.json ? jsonText(result) : text);
}

export async function runUntrust(ref: string, options: TrustOptions, deps: CliDeps): Promise<void> {
  requireInventory(options.db, deps);
  const result = await withStore(options.db, deps, (store) => untrustDevice(store, ref));
  const text = result.wasTrusted
    ? `${who(result.device)} is no longer trusted: family-wide credentials are withheld from it.\n`
    : `${who(result.device)} was not trusted.\n`;
  deps.out.write(options.json ? jsonText(result) : text);
}
