/** Weak local protocols: legacy Kasa XOR, unencrypted ESPHome native API, MQTT brokers that take anonymous clients. */
import type { HostFacts } from '../families/facts.ts';
import { familyById } from '../families/index.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass, skip } from './check.ts';
import { deviceLabel, servicesNamed } from './host-view.ts';

const ISOLATE =
  'Keep the device on a separate IoT network (VLAN or guest Wi-Fi) that your computers and phones are not on.';

export const kasaLegacyXorCheck: CheckDefinition = {
  id: 'protocol.kasa-legacy-xor',
  title: 'Legacy TP-Link protocol without authentication (XOR "encryption")',
  severity: 'high',
  severityRationale: 'Any device on the network can switch it or change its settings; the cipher is public since 2016.',
  references: {
    etsi: ['5.5-1', '5.5-4', '5.5-5'],
    owasp: ['I2', 'I7'],
    nist: ['Logical Access to Interfaces', 'Data Protection'],
  },
  explanation:
    'This TP-Link Kasa device speaks the old "Smart Home Protocol" on port 9999. It accepts commands from anyone on the network without a password, and its "encryption" is a fixed XOR scheme that anyone can undo.',
  action: 'Update or isolate',
  run(host: HostFacts): CheckResult {
    const viaAdapter = host.device?.protocols.includes('kasa-xor') ?? false;
    const services = servicesNamed(host, 'kasa').filter((service) => service.port === 9999);
    if (!viaAdapter && services.length === 0) return pass();
    return {
      findings: [
        makeFinding(kasaLegacyXorCheck, {
          subject: 'kasa 9999/tcp',
          detail: `${deviceLabel(host)} answered an unauthenticated command on TCP port 9999 in the legacy XOR protocol: anyone on your network can switch it, read its settings or reset it.`,
          evidence: [host.device?.auth.evidence, ...services.map((service) => service.evidence)],
          remediation: [
            'Update the firmware in the Kasa app (device → Settings → Device Info → Firmware Update). Newer firmware for many models closes port 9999 and uses the authenticated KLAP protocol instead (see CVE-2026-76784 for the models and fixed versions).',
            ISOLATE,
            'Block TCP and UDP port 9999 to the device from every host except your smart-home hub.',
            'If no newer firmware exists for this hardware version, plan to replace it.',
          ],
        }),
      ],
    };
  },
};

export const esphomePlaintextCheck: CheckDefinition = {
  id: 'protocol.esphome-plaintext',
  title: 'ESPHome native API without encryption',
  severity: 'medium',
  severityRationale: 'Traffic is readable and, without an API password, anyone on the network can control the device.',
  references: {
    etsi: ['5.5-1', '5.5-4'],
    owasp: ['I7', 'I9'],
    nist: ['Data Protection', 'Logical Access to Interfaces'],
  },
  explanation:
    "The device's ESPHome API (port 6053) is not encrypted. Its sensor values and commands can be read on the network, and unless an old-style API password is set, any program on the network can connect and control it.",
  action: 'Turn on API encryption for',
  run(host: HostFacts): CheckResult {
    const protocols = host.device?.protocols ?? [];
    const announced = (host.mdns ?? []).filter((service) => service.type.startsWith('_esphomelib._tcp'));
    if (protocols.includes('esphome-noise')) return pass();
    if (!protocols.includes('esphome-plaintext')) {
      if (announced.some((service) => 'api_encryption' in service.txt)) return pass();
      // A family that speaks the ESPHome API should have said which way; asked of its descriptor, not by family id.
      if ('esphome-plaintext' in (familyById(host.device?.family)?.protocols ?? {}) || announced.length > 0) {
        return skip(esphomePlaintextCheck, 'the ESPHome device did not say whether its native API is encrypted');
      }
      return pass();
    }
    const open = host.device?.auth.state === 'none';
    return {
      findings: [
        makeFinding(esphomePlaintextCheck, {
          subject: 'esphome 6053/tcp',
          severity: open ? 'high' : 'medium',
          detail: open
            ? `${deviceLabel(host)} accepts ESPHome API clients with no encryption and no password: anyone on your network can read it and control it.`
            : `${deviceLabel(host)} uses the unencrypted ESPHome API: its readings and commands can be read on your network.`,
          evidence: [host.device?.auth.evidence],
          remediation: [
            'Generate a key (the ESPHome dashboard offers one) and add it to the YAML under api: encryption: key:.',
            'Install the rebuilt firmware, then enter the same key when Home Assistant asks for it.',
            'Update ESPHome itself: 2025.9.0 to 2025.12.6 crash on a crafted plaintext API message (CVE-2026-23833).',
          ],
        }),
      ],
    };
  },
};

export const mqttAnonymousCheck: CheckDefinition = {
  id: 'protocol.mqtt-anonymous',
  title: 'MQTT broker accepts anonymous clients',
  severity: 'high',
  severityRationale: 'Anyone on the network can read every message and send commands to every device that listens.',
  references: { etsi: ['5.5-4', '5.5-5'], owasp: ['I2', 'I9'], nist: ['Logical Access to Interfaces'] },
  explanation:
    'An MQTT broker is the message hub many smart homes run on. This one lets clients connect without a user name, so anyone on the network can watch your sensors (and so when you are home) and publish commands that switch your devices.',
  action: 'Require a login on',
  run(host: HostFacts): CheckResult {
    const open = servicesNamed(host, 'mqtt').filter((service) => service.auth === 'none');
    const findings = open.map((service) =>
      makeFinding(mqttAnonymousCheck, {
        subject: `mqtt ${service.port}/${service.transport}`,
        detail: `The MQTT broker on ${deviceLabel(host)} (port ${service.port}) accepted a connection without a user name or password.`,
        evidence: [service.authEvidence ?? service.evidence],
        remediation: [
          'Mosquitto: set allow_anonymous false and password_file /etc/mosquitto/passwd in the listener configuration, create users with mosquitto_passwd, and restart the broker.',
          'Home Assistant Mosquitto add-on: remove anonymous access from its configuration and log in with Home Assistant users.',
          'Give each device its own MQTT user, and prefer the TLS listener (port 8883) for clients that support it.',
        ],
      }),
    );
    return { findings };
  },
};
