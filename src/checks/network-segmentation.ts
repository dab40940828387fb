/**
 * The network checks of `iotwarden segment audit`. They are about the network, not one host: the audit connects
 * from a vantage point on the IoT segment and reports what it reached, with each successful connection as evidence.
 * They sit in the catalogue for their metadata (severity, standards, explanation); per-host runs pass, because the
 * facts they need come only from an audit.
 */
import { type CheckDefinition, pass } from './check.ts';

const networkOnly = (): ReturnType<typeof pass> => pass();

export const networkFlatCheck: CheckDefinition = {
  id: 'network.flat',
  title: 'IoT devices share one network with trusted devices',
  severity: 'medium',
  severityRationale: 'Not a weakness by itself, but it lets one compromised gadget reach every laptop and phone.',
  references: { etsi: ['5.6-1'], owasp: ['I9'], nist: ['Logical Access to Interfaces'] },
  explanation:
    'Your smart devices and your computers and phones are on the same network, with nothing between them: any device that gets taken over can talk to everything else directly.',
  action: 'Separate IoT devices from',
  run: networkOnly,
};

export const iotReachesTrustedCheck: CheckDefinition = {
  id: 'network.iot-reaches-trusted',
  title: 'From the IoT segment, trusted devices can be reached',
  severity: 'high',
  severityRationale: 'A compromised IoT device could attack computers, phones or Home Assistant directly.',
  references: { etsi: ['5.6-1', '5.6-2'], owasp: ['I9', 'I2'], nist: ['Logical Access to Interfaces'] },
  explanation:
    'A connection from where your IoT devices live to one of your trusted devices (computer, phone, Home Assistant) succeeded. The router lets IoT traffic into the trusted network.',
  action: 'Block IoT → trusted traffic for',
  run: networkOnly,
};

export const iotReachesAdminCheck: CheckDefinition = {
  id: 'network.iot-reaches-admin',
  title: "From the IoT segment, the router's or NAS's admin interface can be reached",
  severity: 'medium',
  severityRationale: 'Admin interfaces are the keys to the network; IoT devices never need them.',
  references: { etsi: ['5.6-1'], owasp: ['I2', 'I9'], nist: ['Logical Access to Interfaces'] },
  explanation:
    "A connection from the IoT segment to the router's or NAS's management port (web interface, SSH) succeeded. A compromised device could try to log in there.",
  action: 'Close the admin interfaces to the IoT segment on',
  run: networkOnly,
};

export const cameraInternetCheck: CheckDefinition = {
  id: 'network.camera-internet',
  title: 'Cameras and microphones can reach any internet host',
  severity: 'high',
  severityRationale: 'Video and audio are the most private data in a home; a camera should reach only its own cloud.',
  references: { etsi: ['5.8-1', '6-1'], owasp: ['I6', 'I9'], nist: ['Data Protection'] },
  explanation:
    'The segment your cameras are on can connect to arbitrary internet hosts. A camera that is taken over, or that phones home, could send video anywhere.',
  action: 'Confine to their cloud:',
  run: networkOnly,
};

export const NETWORK_CHECKS = [networkFlatCheck, iotReachesTrustedCheck, iotReachesAdminCheck, cameraInternetCheck];
