/** `transport.cleartext-admin`: the device is managed over plain HTTP and offers no HTTPS on the same host. */
import type { HostFacts, ProtocolTag, ServiceFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { deviceLabel, familyOf } from './host-view.ts';

/** Management protocols that run over plain HTTP. KLAP and AES (TP-Link) encrypt inside HTTP, so they are not here. */
const CLEARTEXT_MANAGEMENT: readonly ProtocolTag[] = ['shelly-http', 'shelly-rpc', 'tasmota-http', 'hue-v1', 'http'];

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
    const ports = plain.length > 0 ? plain.map((service) => service.port).join(', ') : '80';
    return {
      findings: [
        makeFinding(transportCleartextAdminCheck, {
          subject: `http ${ports}/tcp`,
          detail: loginInClear
            ? `${deviceLabel(host)} is managed over plain HTTP (port ${ports}) with no HTTPS: its password and settings cross your network unencrypted each time it is used.`
            : `${deviceLabel(host)} is managed over plain HTTP (port ${ports}) with no HTTPS: its settings and commands cross your network unencrypted.`,
          evidence: [...plain.map((service: ServiceFacts) => service.evidence), device?.auth.evidence],
          remediation: cleartextSteps(host),
        }),
      ],
    };
  },
};

function cleartextSteps(host: HostFacts): string[] {
  const isolate =
    'Keep the device on a separate IoT network (VLAN or guest Wi-Fi with client isolation) so its traffic cannot be watched from other devices.';
  switch (familyOf(host)) {
    case 'shelly':
      return [
        'Shelly devices serve their local API over HTTP only; there is no HTTPS switch.',
        isolate,
        'Manage it from a wired or trusted network only, and use a password that you use nowhere else.',
      ];
    case 'tasmota':
      return [
        'Standard Tasmota builds have no HTTPS web server. After setup, turn the web interface off with the console command WebServer 0 and manage the device over MQTT with TLS.',
        isolate,
      ];
    case 'esphome':
      return [
        'Remove web_server: from the device YAML if you do not need it; Home Assistant talks to ESPHome over the native API, which can be encrypted (api: encryption: key:).',
        isolate,
      ];
    default:
      return [
        "Turn on HTTPS in the device's settings if it offers it, and turn plain HTTP off.",
        isolate,
        'If the vendor offers no HTTPS at all, ask for it or plan to replace the device.',
      ];
  }
}
