/** `protocol.tuya-legacy`: a Tuya device on local protocol 3.1 (plaintext) or 3.3 (static-key AES-ECB). */
import type { HostFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { adviceFor, deviceLabel } from './host-view.ts';

export const tuyaLegacyCheck: CheckDefinition = {
  id: 'protocol.tuya-legacy',
  title: 'Legacy Tuya local protocol (3.1 plaintext or 3.3 static-key encryption)',
  severity: 'high',
  severityRationale:
    'On 3.1 anyone on the network reads the device and replays its commands; on 3.3 one leaked local key opens every past and future message, with no integrity beyond a CRC.',
  references: {
    etsi: ['5.5-1', '5.5-2', '5.5-5', '5.4-1'],
    owasp: ['I7', 'I2'],
    nist: ['Data Protection', 'Logical Access to Interfaces'],
  },
  explanation:
    "Tuya devices are controlled on TCP port 6668. Version 3.1 of that protocol sends the device's status in plaintext and signs commands with a bare MD5, so anyone on the network can watch it and replay its commands. Version 3.3 encrypts with AES in ECB mode under one key that never changes, checked only by a CRC: whoever learns the key (it is handed out by the Tuya cloud, and many tools extract it) can read and forge every message. Versions 3.4 and 3.5 negotiate a fresh key per connection.",
  action: 'Update or isolate',
  run(host: HostFacts): CheckResult {
    const protocols = host.device?.protocols ?? [];
    const version = protocols.includes('tuya-3.1') ? '3.1' : protocols.includes('tuya-3.3') ? '3.3' : undefined;
    if (!version) return pass();
    const plaintext = version === '3.1';
    return {
      findings: [
        makeFinding(tuyaLegacyCheck, {
          subject: 'tuya 6668/tcp',
          severity: plaintext ? 'high' : 'medium',
          detail: plaintext
            ? `${deviceLabel(host)} speaks Tuya protocol 3.1: its status is readable in plaintext by anyone on your network, and its commands can be replayed.`
            : `${deviceLabel(host)} speaks Tuya protocol 3.3: every message is encrypted with one static key (AES-ECB) and checked only by a CRC; whoever has the key can read and forge its commands.`,
          evidence: [host.device?.auth.evidence, host.device?.auth.evidence ? undefined : beaconEvidence(host)],
          remediation: adviceFor(host).setPassword(host),
        }),
      ],
    };
  },
};

/** Without a status read, the beacon config is the evidence of the version. */
function beaconEvidence(host: HostFacts) {
  const config = host.device?.config as { version?: string; gwId?: string } | undefined;
  if (!config?.version) return undefined;
  return { sent: 'UDP discovery', received: `beacon of ${config.gwId ?? 'the device'}: version ${config.version}` };
}
