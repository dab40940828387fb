/** `auth.no-login` and `auth.default-credentials`: can anyone on the network use the device's management API? */
import type { HostFacts, ProtocolTag } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass, skip } from './check.ts';
import { deviceLabel, limitationReason } from './host-view.ts';
import { setPasswordSteps } from './password-steps.ts';

/** Protocols whose missing login a protocol.* check reports (Kasa XOR, plaintext ESPHome, LIFX, Tuya 3.1). */
const OWN_CHECK_PROTOCOLS: readonly ProtocolTag[] = ['kasa-xor', 'esphome-plaintext', 'lifx-lan', 'tuya-3.1'];

export const authNoLoginCheck: CheckDefinition = {
  id: 'auth.no-login',
  title: 'Management interface has no login',
  severity: 'high',
  severityRationale: 'Anyone on the network can switch the device, change its settings or replace its firmware.',
  references: {
    etsi: ['5.5-4', '5.5-5'],
    owasp: ['I1', 'I9'],
    nist: ['Logical Access to Interfaces', 'Device Configuration'],
  },
  explanation:
    'The device answers its control interface without asking for a password. Any phone, laptop or compromised gadget on your Wi-Fi can turn it on and off, read its settings (often including your Wi-Fi name) or reconfigure it.',
  action: 'Set a password on',
  run(host: HostFacts): CheckResult {
    const device = host.device;
    if (!device) return pass();
    // These protocols have their own check that already covers the missing login; report it once.
    if (device.protocols.some((tag) => OWN_CHECK_PROTOCOLS.includes(tag))) return pass();
    if (device.auth.state === 'required') return pass();
    if (device.auth.state === 'unknown') {
      return skip(
        authNoLoginCheck,
        limitationReason(
          host,
          ['auth', 'login', 'credential', 'password'],
          'could not tell whether the device asks for a login',
        ),
      );
    }
    return {
      findings: [
        makeFinding(authNoLoginCheck, {
          detail: `Anyone on your network can control ${deviceLabel(host)} and change its settings: its ${device.vendor} interface answered without asking for a password.`,
          evidence: [device.auth.evidence],
          remediation: setPasswordSteps(host),
        }),
      ],
    };
  },
};

export const authDefaultCredentialsCheck: CheckDefinition = {
  id: 'auth.default-credentials',
  title: 'Factory default password accepted',
  severity: 'critical',
  severityRationale: 'Default passwords are published in manuals and tried by every botnet; this is full control.',
  references: { etsi: ['5.1-1', '5.1-2'], owasp: ['I1'], nist: ['Logical Access to Interfaces'] },
  explanation:
    'The device still accepts the user name and password it left the factory with. These are printed in manuals and built into malware such as Mirai, so anyone who reaches the device can log in as you.',
  action: 'Change the factory password on',
  run(host: HostFacts): CheckResult {
    const findings = host.services
      .filter((service) => service.defaultCredentials !== undefined)
      .map((service) =>
        makeFinding(authDefaultCredentialsCheck, {
          subject: `${service.name} ${service.port}/${service.transport}`,
          detail: `${deviceLabel(host)} accepts the factory login "${service.defaultCredentials!.username}" on ${service.name} (port ${service.port}); anyone who reads the manual can log in.`,
          evidence: [service.defaultCredentials!.evidence],
          remediation: [
            `Log in to ${service.name} on port ${service.port} and change the password for "${service.defaultCredentials!.username}" to a strong, unique one (a password manager can generate it).`,
            ...setPasswordSteps(host).filter((step) => !step.startsWith('Turn on the login')),
            'If the password cannot be changed, disable this service or keep the device on an isolated network.',
          ],
        }),
      );
    return { findings };
  },
};
