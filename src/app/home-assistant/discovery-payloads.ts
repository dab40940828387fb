/**
 * Home Assistant MQTT discovery (https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery): one HA device per
 * inventory device, linked to the device HA's own integration made by `connections` (the MAC) and to the iotwarden
 * hub by `via_device`, with an `update` entity (device class firmware), a `binary_sensor` (device class problem) and
 * a posture-score `sensor`; the hub has the home score, findings per severity, decisions needed and a scan button.
 * Field names are those of HA's MQTT update, binary_sensor, sensor and button platforms. Pure: topics and payloads
 * only; src/sources/home-assistant/mqtt-link.ts publishes them.
 */
import type { Severity } from '../../checks/finding.ts';
import { SEVERITIES } from '../../checks/finding.ts';

/** Where things go: HA's discovery prefix and this iotwarden's node id (several may share a broker). */
export interface DiscoveryTopics {
  prefix: string;
  nodeId: string;
}

/** What is published for one inventory device. */
export interface DiscoveryDevice {
  deviceId: string;
  name: string;
  mac: string | undefined;
  vendor: string | undefined;
  model: string | undefined;
  area: string | undefined;
  score: number;
  scanned: boolean;
  /** High and critical findings, which switch the problem sensor on. */
  problems: Array<{ checkId: string; severity: Severity; title: string }>;
  /** Undefined for a device without a firmware view (no family identified it). */
  firmware: FirmwareEntityState | undefined;
}

/** The state JSON of HA's MQTT update entity (its `state_topic` accepts these keys). */
export interface FirmwareEntityState {
  installed_version: string | null;
  latest_version: string | null;
  title: string;
  release_summary: string | null;
  release_url: string | null;
  in_progress: boolean;
  update_percentage: number | null;
}

export interface DiscoveryHub {
  homeScore: number;
  findings: Record<Severity, number>;
  decisionsNeeded: number;
  version: string;
}

/** One retained message. */
export interface MqttMessage {
  topic: string;
  payload: string;
}

/** The availability topic (the broker's last will sets it `offline`). */
export const availabilityTopic = (t: DiscoveryTopics): string => `${t.nodeId}/status`;
/** Where HA's install command for a device arrives. */
export const installTopic = (t: DiscoveryTopics, deviceId: string): string =>
  `${t.nodeId}/device/${deviceId}/firmware/install`;
/** Where the hub's "scan now" button presses arrive. */
export const scanTopic = (t: DiscoveryTopics): string => `${t.nodeId}/hub/scan`;
/** The payload HA sends to install (`payload_install`). */
export const PAYLOAD_INSTALL = 'install';
export const PAYLOAD_PRESS = 'PRESS';

const hubIdentifier = (t: DiscoveryTopics) => `${t.nodeId}_hub`;
const configTopic = (t: DiscoveryTopics, component: string, objectId: string) =>
  `${t.prefix}/${component}/${t.nodeId}/${objectId}/config`;
const deviceTopic = (t: DiscoveryTopics, deviceId: string, leaf: string) => `${t.nodeId}/device/${deviceId}/${leaf}`;

/** The discovery configs and states of one device. */
export function deviceMessages(
  t: DiscoveryTopics,
  device: DiscoveryDevice,
): { configs: MqttMessage[]; states: MqttMessage[] } {
  const id = device.deviceId;
  const block = {
    identifiers: [`${t.nodeId}_${id}`],
    ...(device.mac ? { connections: [['mac', device.mac.toLowerCase()]] } : {}),
    name: device.name,
    ...(device.vendor ? { manufacturer: device.vendor } : {}),
    ...(device.model ? { model: device.model } : {}),
    ...(device.firmware?.installed_version ? { sw_version: device.firmware.installed_version } : {}),
    ...(device.area ? { suggested_area: device.area } : {}),
    via_device: hubIdentifier(t),
  };
  const common = (objectId: string, name: string) => ({
    name,
    unique_id: `${t.nodeId}_${id}_${objectId}`,
    availability_topic: availabilityTopic(t),
    device: block,
  });
  const configs: MqttMessage[] = [
    config(t, 'binary_sensor', `${id}_problem`, {
      ...common('problem', 'Security problem'),
      device_class: 'problem',
      state_topic: deviceTopic(t, id, 'problem'),
      payload_on: 'ON',
      payload_off: 'OFF',
      json_attributes_topic: deviceTopic(t, id, 'problem/attributes'),
    }),
    config(t, 'sensor', `${id}_score`, {
      ...common('score', 'Security score'),
      state_topic: deviceTopic(t, id, 'score'),
      unit_of_measurement: 'points',
      state_class: 'measurement',
      icon: 'mdi:shield-check',
    }),
  ];
  const problem = device.problems.length > 0;
  const states: MqttMessage[] = [
    { topic: deviceTopic(t, id, 'problem'), payload: problem ? 'ON' : 'OFF' },
    {
      topic: deviceTopic(t, id, 'problem/attributes'),
      payload: JSON.stringify({ scanned: device.scanned, findings: device.problems }),
    },
    // Not scanned yet: no score is a verdict, so the sensor is unknown (HA reads "None" as unknown for a sensor).
    { topic: deviceTopic(t, id, 'score'), payload: device.scanned ? String(device.score) : 'None' },
  ];
  if (device.firmware) {
    configs.push(
      config(t, 'update', `${id}_firmware`, {
        ...common('firmware', 'Firmware'),
        device_class: 'firmware',
        state_topic: deviceTopic(t, id, 'firmware'),
        command_topic: installTopic(t, id),
        payload_install: PAYLOAD_INSTALL,
      }),
    );
    states.push({ topic: deviceTopic(t, id, 'firmware'), payload: JSON.stringify(device.firmware) });
  }
  return { configs, states };
}

/** The hub device: home score, findings per severity, decisions needed, and a button to scan now. */
export function hubMessages(t: DiscoveryTopics, hub: DiscoveryHub): { configs: MqttMessage[]; states: MqttMessage[] } {
  const block = {
    identifiers: [hubIdentifier(t)],
    name: 'iotwarden',
    manufacturer: 'iotwarden',
    model: 'Smart-home security manager',
    sw_version: hub.version,
  };
  const common = (objectId: string, name: string) => ({
    name,
    unique_id: `${t.nodeId}_hub_${objectId}`,
    availability_topic: availabilityTopic(t),
    device: block,
  });
  const sensor = (objectId: string, name: string, extra: Record<string, unknown> = {}) =>
    config(t, 'sensor', `hub_${objectId}`, {
      ...common(objectId, name),
      state_topic: `${t.nodeId}/hub/${objectId}`,
      state_class: 'measurement',
      ...extra,
    });
  const configs = [
    sensor('home_score', 'Home security score', { unit_of_measurement: 'points', icon: 'mdi:shield-home' }),
    ...SEVERITIES.map((severity) => sensor(`findings_${severity}`, `Findings ${severity}`, { icon: 'mdi:alert' })),
    sensor('decisions_needed', 'Decisions needed', { icon: 'mdi:account-question' }),
    config(t, 'button', 'hub_scan', {
      ...common('scan', 'Scan now'),
      command_topic: scanTopic(t),
      payload_press: PAYLOAD_PRESS,
      icon: 'mdi:radar',
    }),
  ];
  const states = [
    { topic: `${t.nodeId}/hub/home_score`, payload: String(hub.homeScore) },
    ...SEVERITIES.map((severity) => ({
      topic: `${t.nodeId}/hub/findings_${severity}`,
      payload: String(hub.findings[severity]),
    })),
    { topic: `${t.nodeId}/hub/decisions_needed`, payload: String(hub.decisionsNeeded) },
  ];
  return { configs, states };
}

/** Every discovery config topic of this node lives under here (for finding retained configs of departed devices). */
export function configTopicFilter(t: DiscoveryTopics): string {
  return `${t.prefix}/+/${t.nodeId}/+/config`;
}

function config(
  t: DiscoveryTopics,
  component: string,
  objectId: string,
  payload: Record<string, unknown>,
): MqttMessage {
  return { topic: configTopic(t, component, objectId), payload: JSON.stringify(payload) };
}
