/** `trust` and `untrust`: which devices may receive the credentials configured in iotwarden.yaml. */
import type { Command } from '@commander-js/extra-typings';
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
import { DB_OPTION_HELP, DEVICE_ARGUMENT_HELP, inventoryExists, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { renderTable } from '../output/text-table.ts';

const TRUST_HELP = `
A credential in iotwarden.yaml that covers a whole family (every Shelly, every Hue bridge) is only ever sent to
devices you trusted, and only while they present the identity they had when you trusted them: their MAC, their
device id and, where they have TLS, their certificate. Anything else that answers like a Shelly or a Hue bridge
gets nothing, and the scan says what it withheld and why. A credential entry that names one device (address,
mac or deviceId) trusts that device by itself; trustOnFirstUse: true on an entry trusts every new device of its
family on first use.

Examples:
  iotwarden scan --targets 192.168.1.0/24      then review what it found
  iotwarden trust --all-new                    trust every device first seen in that scan (not those in a conflict)
  iotwarden trust garage-door                  trust one device by name, id, address or MAC
  iotwarden trust --list                       what is trusted, and the identity each is bound to
  iotwarden untrust garage-door`;

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

function registerTrust(program: Command, deps: CliDeps): void {
  program
    .command('trust')
    .description('allow your configured credentials to be used with a device (bound to its identity)')
    .argument('[device]', DEVICE_ARGUMENT_HELP)
    .option('--all-new', 'trust every device first seen in the latest scan, except those in an identity conflict')
    .option('--list', 'list the trusted devices and the identity each is bound to')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', TRUST_HELP)
    .action(async (ref, options) => {
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
    });
}

function registerUntrust(program: Command, deps: CliDeps): void {
  program
    .command('untrust')
    .description('stop using family-wide credentials with a device')
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (ref, options) => {
      requireInventory(options.db, deps);
      const result = await withStore(options.db, deps, (store) => untrustDevice(store, ref));
      const text = result.wasTrusted
        ? `${who(result.device)} is no longer trusted: family-wide credentials are withheld from it.\n`
        : `${who(result.device)} was not trusted.\n`;
      deps.out.write(options.json ? jsonText(result) : text);
    });
}

export function registerTrustCommands(program: Command, deps: CliDeps): void {
  registerTrust(program, deps);
  registerUntrust(program, deps);
}
