/** `cloud.enabled` (informational) and `data.credentials-exposed`. */
import type { HostFacts } from '../families/facts.ts';
import { hostProfile } from '../families/index.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass, skip } from './check.ts';
import { updateSteps } from './firmware-steps.ts';
import { adviceFor, deviceLabel, limitationReason } from './host-view.ts';

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
      if (!hostProfile(host).cloudSettingReadable) return pass();
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
          remediation: adviceFor(host).cloudOff(host),
        }),
      ],
    };
  },
};

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
          adviceFor(host).exposedSecret,
          ...updateSteps(host),
          `Then change the ${secret.what}: treat the old one as known to others, and change it anywhere else you used it.`,
        ],
      }),
    );
    return { findings };
  },
};
