/** `protocol.lifx-unauthenticated`: a LIFX bulb answers its LAN protocol, which has no authentication at all. */
import type { HostFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { adviceFor, deviceLabel } from './host-view.ts';

export const lifxUnauthenticatedCheck: CheckDefinition = {
  id: 'protocol.lifx-unauthenticated',
  title: 'LIFX LAN protocol without authentication',
  severity: 'medium',
  severityRationale:
    'Anyone on the network can switch, recolour, strobe and rename the light, but the protocol reaches no data beyond the light itself.',
  references: {
    etsi: ['5.5-4', '5.5-5', '5.1-1'],
    owasp: ['I2', 'I9'],
    nist: ['Logical Access to Interfaces'],
  },
  explanation:
    'LIFX bulbs take commands on UDP port 56700 from any device on your network: the LAN protocol has no password, key or pairing. Any phone, laptop or compromised gadget on your Wi-Fi can turn the light on and off, flash it, change its colour or rename it. The LIFX app has no setting to change this.',
  action: 'Isolate',
  run(host: HostFacts): CheckResult {
    const device = host.device;
    if (!device?.protocols.includes('lifx-lan')) return pass();
    return {
      findings: [
        makeFinding(lifxUnauthenticatedCheck, {
          subject: 'lifx 56700/udp',
          detail: `${deviceLabel(host)} answered the LIFX LAN protocol on UDP port 56700 without any credential: anyone on your network can control it.`,
          evidence: [device.auth.evidence],
          remediation: adviceFor(host).setPassword(host),
        }),
      ],
    };
  },
};
