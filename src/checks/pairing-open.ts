/** `auth.pairing-open`: the device handed a credential to an unknown client because its pairing window was open. */
import type { HostFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { adviceFor, deviceLabel } from './host-view.ts';

export const pairingOpenCheck: CheckDefinition = {
  id: 'auth.pairing-open',
  title: 'Pairing window open: anyone can get a token',
  severity: 'high',
  severityRationale:
    'While the window is open any device on the network gets a full-control token without touching the device, and keeps it after the window closes.',
  references: {
    etsi: ['5.5-4', '5.5-5', '5.1-1'],
    owasp: ['I1', 'I9'],
    nist: ['Logical Access to Interfaces', 'Device Configuration'],
  },
  explanation:
    'The device was in pairing mode when iotwarden scanned it: it gave an access token to the first program that asked, without a button press. Whoever asks while the window is open can control the device for good, since the token stays valid after the window closes.',
  action: 'Close the pairing window of',
  run(host: HostFacts): CheckResult {
    const pairing = host.device?.pairing;
    if (!pairing?.open) return pass();
    return {
      findings: [
        makeFinding(pairingOpenCheck, {
          detail: `${deviceLabel(host)} handed an access token to iotwarden without a button press: its pairing window was open, so anyone on your network could have taken control of it the same way. iotwarden deleted the token it was given.`,
          evidence: [pairing.evidence],
          remediation: adviceFor(host).setPassword(host),
        }),
      ],
    };
  },
};
