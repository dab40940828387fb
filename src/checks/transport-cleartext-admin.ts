/** `transport.cleartext-admin`: the device is managed over plain HTTP and offers no HTTPS on the same host. */
import type { HostFacts, ProtocolTag, ServiceFacts } from '../families/facts.ts';
import { protocolInfo } from '../families/index.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { adviceFor, deviceLabel } from './host-view.ts';

/** Management protocols that run over plain HTTP. KLAP and AES (TP-Link) encrypt inside HTTP, so they are not here. */
const CLEARTEXT_MANAGEMENT: readonly ProtocolTag[] = [
  'shelly-http',
  'shelly-rpc',
  'tasmota-http',
  'hue-v1',
  'nanoleaf-http',
  'http',
];

export const transportCleartextAdminCheck: CheckDefinition = {
  id: 'transport.cleartext-admin',
  title: 'Managed over unencrypted HTTP',
  severity: 'medium',
  severityRationale: 'Someone who can watch the network traffic (a shared or weak Wi-Fi) reads settings and passwords.',
  references: {
    etsi: ['5.5-1', '5.5-6'],
    owasp: ['I7', 'I3'],
    nist: ['Data Protection', 'Logical Access to Interfaces'],
  },
  explanation:
    'The device is controlled over plain HTTP and has no encrypted (HTTPS) alternative. Everything sent to it, including any password and your settings, travels the network readable by anyone who can capture the traffic.',
  action: 'Isolate or switch to encrypted management for',
  run(host: HostFacts): CheckResult {
    const plain = host.services.filter((service) => service.name === 'http' && service.tls !== true);
    const hasTls = host.services.some((service) => service.tls === true || service.name === 'https');
    if (hasTls) return pass();
    const device = host.device;
    const speaksCleartext = device?.protocols.some((tag) => CLEARTEXT_MANAGEMENT.includes(tag)) ?? false;
    const encryptedOnly =
      device !== undefined && !speaksCleartext && device.protocols.some((tag) => tag === 'klap' || tag === 'aes');
    if (encryptedOnly || (plain.length === 0 && !speaksCleartext)) return pass();
    const loginInClear = device?.auth.state === 'required' || plain.some((service) => service.auth === 'required');
    const spoken = device?.protocols.find((tag) => CLEARTEXT_MANAGEMENT.includes(tag));
    const fallback = (spoken && protocolInfo(spoken)?.port) ?? 80;
    const ports = plain.length > 0 ? plain.map((service) => service.port).join(', ') : String(fallback);
    return {
      findings: [
        makeFinding(transportCleartextAdminCheck, {
          subject: `http ${ports}/tcp`,
          detail: loginInClear
            ? `${deviceLabel(host)} is managed over plain HTTP (port ${ports}) with no HTTPS: its password and settings cross your network unencrypted each time it is used.`
            : `${deviceLabel(host)} is managed over plain HTTP (port ${ports}) with no HTTPS: its settings and commands cross your network unencrypted.`,
          evidence: [...plain.map((service: ServiceFacts) => service.evidence), device?.auth.evidence],
          remediation: adviceFor(host).cleartext(host),
        }),
      ],
    };
  },
};
