/** `cloud.enabled` (informational) and `data.credentials-exposed`. */
import type { HostFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass, skip } from './check.ts';
import { updateSteps } from './firmware-steps.ts';
import { FIX_COMMANDS } from './fix-commands.ts';
import { deviceLabel, familyOf, limitationReason, shellyGeneration } from './host-view.ts';

export const cloudEnabledCheck: CheckDefinition = {
  id: 'cloud.enabled',
  title: 'Connected to the vendor cloud',
  severity: 'info',
  severityRationale: 'A choice, not a flaw: it trades remote access and voice control for data leaving your home.',
  references: { etsi: ['5.6-5', '6'], owasp: ['I6', 'I3'], nist: ['Data Protection', 'Device Configuration'] },
  explanation:
    "The device keeps a connection to its maker's cloud. That is what makes the app work away from home and voice assistants work at all, but it also means usage data leaves your home and the device can be controlled through the vendor's servers.",
  action: 'Decide whether you need the vendor cloud on',
  run(host: HostFacts): CheckResult {
    const device = host.device;
    if (!device) return pass();
    if (device.cloud === undefined) {
      const family = familyOf(host);
      if (family !== 'shelly' && family !== 'kasa') return pass();
      return skip(
        cloudEnabledCheck,
        limitationReason(host, ['cloud', 'login', 'credential', 'auth'], 'the device did not show its cloud setting'),
      );
    }
    if (!device.cloud.enabled) return pass();
    return {
      findings: [
        makeFinding(cloudEnabledCheck, {
          detail: `${deviceLabel(host)} is connected to the ${device.vendor} cloud. If you only control it locally (for example from Home Assistant), you can switch this off.`,
          evidence: [device.cloud.evidence],
          remediation: cloudSteps(host),
        }),
      ],
    };
  },
};

function cloudSteps(host: HostFacts): string[] {
  const address = host.address;
  const tradeOff =
    'Switching the cloud off disables app control away from home and voice assistants; local control keeps working.';
  switch (familyOf(host)) {
    case 'shelly':
      return [
        shellyGeneration(host.device!) === 1
          ? `Open http://${address}/ → Internet & Security → Cloud and untick it, or call GET /settings/cloud?enabled=0.`
          : `Open http://${address}/ → Settings → Shelly Cloud and turn it off, or call Cloud.SetConfig with {"config":{"enable":false}}.`,
        `iotwarden can do this for you: ${FIX_COMMANDS.cloudOff(address)}.`,
        tradeOff,
      ];
    case 'kasa':
      return [
        'Remove the device from the TP-Link cloud (unbind it). The Kasa app offers no switch for this on most devices.',
        `iotwarden can do this for you: ${FIX_COMMANDS.cloudOff(address)}.`,
        tradeOff,
      ];
    default:
      return ["Turn off cloud or remote access in the device's app or settings if you do not use it.", tradeOff];
  }
}

export const credentialsExposedCheck: CheckDefinition = {
  id: 'data.credentials-exposed',
  title: 'Device discloses a secret without authentication',
  severity: 'critical',
  severityRationale: 'The secret is handed to anyone who asks, so the protection it gives is gone.',
  references: {
    etsi: ['5.4-1', '5.5-7', '5.6-2'],
    owasp: ['I7', 'I1'],
    nist: ['Data Protection', 'Logical Access to Interfaces'],
  },
  explanation:
    'The device hands out a password or key to anyone who asks, without logging in. Whoever reads it can log in to the device (and anywhere else the same password is used).',
  action: 'Stop the password leak and change the password on',
  run(host: HostFacts): CheckResult {
    const findings = (host.device?.exposedSecrets ?? []).map((secret) =>
      makeFinding(credentialsExposedCheck, {
        subject: secret.what,
        detail: `${deviceLabel(host)} disclosed its ${secret.what} to an unauthenticated request.`,
        evidence: [secret.evidence],
        remediation: [
          ...(familyOf(host) === 'shelly'
            ? [
                'Old Shelly Gen1 firmware (v1.5.x, 2019) returned the login password in /settings; current firmware does not. Update first.',
              ]
            : ['Update the firmware: the vendor may have fixed the leak.']),
          ...updateSteps(host),
          `Then change the ${secret.what}: treat the old one as known to others, and change it anywhere else you used it.`,
        ],
      }),
    );
    return { findings };
  },
};
