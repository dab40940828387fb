/**
 * The built-in "seed home": a real enthusiast's house as the lab serves it by default. It holds at least one
 * device that triggers every check and one that must not, so the demo and the end-to-end tests see the whole
 * catalogue. The household uses one Shelly password and one Hue key; the demo configures them as credentials.
 */
import { GARAGE_DOOR_SNTP_HOST } from '../dns-traffic/traffic-profiles.ts';

export const SEED_HOME_NETWORK = '127.77.1.0/24';
export const SEED_SHELLY_PASSWORD = 'correct-horse-42';
export const SEED_HUE_API_KEY = 'seedhome0hue0application0key000000000000';
/** The owner's TP-Link account (the lab's, not a real one): Tapo devices check it locally, so KLAP can be read. */
export const SEED_TPLINK_ACCOUNT = { username: 'owner@example.com', password: 'tapo-account-pw' };

// Issue 15, part A: the Nanoleaf token the owner's app holds, and the local key of the newer Tuya plug (from the
// Tuya cloud, as tinytuya's wizard fetches it).
export const SEED_NANOLEAF_TOKEN = 'seedHomeNanoleafToken0000000000A';
export const SEED_TUYA_DEVICE_ID = 'bf7e3a9c41d2e8b5f6a012';
export const SEED_TUYA_LOCAL_KEY = 'c8e1f4a7b2d5e9f3';

/** The seed household's credentials as its owner would configure them (`credentials:` in iotwarden.yaml). */
export const SEED_HOME_CREDENTIALS = [
  { family: 'shelly' as const, username: 'admin', password: SEED_SHELLY_PASSWORD },
  { family: 'hue' as const, apiKey: SEED_HUE_API_KEY },
  { family: 'nanoleaf' as const, apiKey: SEED_NANOLEAF_TOKEN },
  { family: 'tuya' as const, deviceId: SEED_TUYA_DEVICE_ID, apiKey: SEED_TUYA_LOCAL_KEY },
  { family: 'kasa-smart' as const, ...SEED_TPLINK_ACCOUNT },
];

/**
 * What the seed household told iotwarden about its devices (`risk.devices` in the demo's iotwarden.yaml): the
 * upside of a few devices and the camera's room and who it watches. The rest comes from the devices' names.
 */
export const SEED_HOME_RISK_CONTEXT = [
  { device: 'nursery-camera', room: 'nursery', users: ['child'], upside: 'we hear the baby wake' },
  { device: 'garage-door', upside: 'opens from the car' },
  { device: 'christmas-tree', upside: 'lights on a timer in December' },
  { device: 'kitchen-speaker', upside: 'timers and radio while cooking' },
  { device: 'tapo-heater-plug', controls: 'heater', upside: 'warms the office before work' },
];

const CURRENT_GEN1 = '20230913-112003/v1.14.0-gcb84623';
const CURRENT_GEN2 = '1.4.4-g6d2a586';
const shellyAuth = { enabled: true, username: 'admin', password: SEED_SHELLY_PASSWORD };
const gen2Auth = { enabled: true, password: SEED_SHELLY_PASSWORD };

/**
 * The seed home as a scenario document. `prefix` moves it to another /24 (tests run it beside the demo);
 * by default it lives on 127.77.1.0/24.
 */
export function seedHomeScenario(prefix = '127.77.1'): Record<string, unknown> {
  const at = (host: number): string => `${prefix}.${host}`;
  return {
    name: 'seed-home',
    network: `${prefix}.0/24`,
    devices: [
      // Twelve Shellys, Gen1 and Gen2 mixed.
      // Its SNTP server points at a decommissioned NAS that never answers, so the firmware looks the name up again
      // every second (the lab's Pi-hole traffic shows it); its peers keep the default time.google.com.
      {
        name: 'garage-door',
        kind: 'shelly-gen1',
        address: at(10),
        model: 'SHSW-1',
        firmware: CURRENT_GEN1,
        auth: shellyAuth,
        overrides: { sntp: { server: GARAGE_DOOR_SNTP_HOST } },
      },
      {
        name: 'fireplace-lights',
        kind: 'shelly-gen2',
        address: at(11),
        model: 'SNSW-001P16EU',
        firmware: CURRENT_GEN2,
        auth: gen2Auth,
      },
      {
        name: 'porch-light',
        kind: 'shelly-gen2',
        address: at(12),
        model: 'SNSW-001P16EU',
        firmware: CURRENT_GEN2,
        auth: gen2Auth,
        cloud: true,
      },
      {
        name: 'kitchen-island',
        kind: 'shelly-gen1',
        address: at(13),
        model: 'SHSW-25',
        firmware: '20221027-091427/v1.12.1-ga9117d3',
        auth: shellyAuth,
        update: { version: CURRENT_GEN1, durationMs: 2000 },
      },
      {
        name: 'living-room-dimmer',
        kind: 'shelly-gen2',
        address: at(14),
        model: 'SNSW-001P16EU',
        firmware: '1.0.8-g8c7bb8d',
        auth: gen2Auth,
        update: { version: CURRENT_GEN2, durationMs: 2000 },
      },
      {
        name: 'old-hallway-relay',
        kind: 'shelly-gen1',
        address: at(15),
        model: 'SHSW-1',
        firmware: '20191127-095418/v1.5.6@0a8e2b9f',
        auth: { enabled: false, username: 'admin', password: 'hallway-2019' },
      },
      {
        name: 'workshop-plug',
        kind: 'shelly-gen2',
        address: at(16),
        model: 'SNPL-00112EU',
        firmware: CURRENT_GEN2,
        auth: { enabled: false },
      },
      {
        name: 'bedroom-fan',
        kind: 'shelly-gen1',
        address: at(17),
        model: 'SHSW-1',
        firmware: CURRENT_GEN1,
        auth: shellyAuth,
      },
      {
        name: 'bathroom-heater',
        kind: 'shelly-gen2',
        address: at(18),
        model: 'S3SW-001X16EU',
        firmware: CURRENT_GEN2,
        auth: gen2Auth,
      },
      {
        name: 'office-lamp',
        kind: 'shelly-gen2',
        address: at(19),
        model: 'SNPL-00112EU',
        firmware: CURRENT_GEN2,
        auth: gen2Auth,
      },
      {
        name: 'pool-pump',
        kind: 'shelly-gen2',
        address: at(20),
        model: 'SPSW-004PE16EU',
        firmware: CURRENT_GEN2,
        auth: gen2Auth,
        debug: true,
      },
      {
        name: 'driveway-gate',
        kind: 'shelly-gen1',
        address: at(21),
        model: 'SHSW-25',
        firmware: CURRENT_GEN1,
        auth: shellyAuth,
      },
      // Four Kasa plugs on the legacy protocol; the TV plug's pending update switches it to KLAP.
      { name: 'coffee-maker', kind: 'kasa-legacy', address: at(30), model: 'HS103(US)', cloud: true },
      { name: 'christmas-tree', kind: 'kasa-legacy', address: at(31), model: 'HS110(EU)', cloud: false },
      { name: 'kids-nightlight', kind: 'kasa-legacy', address: at(32), model: 'KP115(EU)', cloud: false },
      {
        name: 'tv-plug',
        kind: 'kasa-legacy',
        address: at(33),
        model: 'HS100(UK)',
        hwVersion: '4.1',
        firmware: '1.0.12 Build 190528 Rel.154535',
        cloud: false,
        update: { version: '1.1.0 Build 201016 Rel.175121', durationMs: 2000, outcome: 'switch-to-klap' },
      },
      // Bound to the owner's TP-Link account during setup, as every Tapo in a home is.
      {
        name: 'tapo-heater-plug',
        kind: 'kasa-smart',
        address: at(34),
        model: 'P110',
        auth: { enabled: true, ...SEED_TPLINK_ACCOUNT },
      },
      // Hue: the main bridge installs updates itself; the old garden bridge does not.
      {
        name: 'hue-bridge',
        kind: 'hue',
        address: at(40),
        model: 'BSB002',
        firmware: '1967054020',
        apiKey: SEED_HUE_API_KEY,
        autoUpdate: true,
      },
      {
        name: 'garden-hue-bridge',
        kind: 'hue',
        address: at(41),
        model: 'BSB002',
        firmware: '1935074050',
        apiKey: SEED_HUE_API_KEY,
        autoUpdate: false,
      },
      { name: 'tasmota-plug', kind: 'tasmota', address: at(50), model: 'Sonoff Basic', firmware: '13.4.0(tasmota)' },
      {
        name: 'esphome-sensor',
        kind: 'esphome',
        address: at(51),
        model: 'esp32dev',
        firmware: '2024.6.1',
        encryption: 'none',
      },
      {
        name: 'air-quality',
        kind: 'esphome',
        address: at(52),
        model: 'esp32dev',
        firmware: '2024.6.1',
        encryption: 'noise',
      },
      { name: 'nursery-camera', kind: 'ip-camera', address: at(60) },
      { name: 'nas', kind: 'nas', address: at(61), mqtt: { enabled: true, anonymous: true } },
      {
        name: 'router',
        kind: 'router',
        address: at(1),
        portMappings: [
          {
            externalPort: 8554,
            internalClient: at(60),
            internalPort: 554,
            protocol: 'TCP',
            description: 'IPCAM RTSP',
          },
        ],
      },
      // Issue 15, part A. Two LIFX bulbs, the stairs one an original 2014 bulb never updated; Nanoleaf panels left
      // in pairing mode; two Tuya plugs, an old one on protocol 3.1 and a newer one on 3.4.
      { name: 'kitchen-pendant', kind: 'lifx', address: at(90), product: 27, firmware: '3.70', group: 'Kitchen' },
      { name: 'stairs-light', kind: 'lifx', address: at(91), product: 1, firmware: '1.1', group: 'Hall' },
      {
        name: 'living-room-canvas',
        kind: 'nanoleaf',
        address: at(92),
        model: 'NL29',
        firmware: '6.5.1',
        tokens: [SEED_NANOLEAF_TOKEN],
        pairingOpen: true,
      },
      { name: 'aquarium-plug', kind: 'tuya', address: at(93), version: '3.1', productKey: 'keyjup78v54myhan' },
      {
        name: 'dehumidifier-plug',
        kind: 'tuya',
        address: at(94),
        version: '3.4',
        gwId: SEED_TUYA_DEVICE_ID,
        localKey: SEED_TUYA_LOCAL_KEY,
        productKey: 'keym557nqw3p8xrp',
        dps: { '1': true, '9': 0, '18': 412, '19': 986, '20': 2301 },
      },
      { name: 'kitchen-speaker', kind: 'cloud-device', address: at(70), profile: 'speaker' },
      { name: 'living-room-tv', kind: 'cast', address: at(71), model: 'Chromecast', firmware: '1.56.500000' },
      // Issue 15, part B: a Matter plug shared to a second app whose pairing window was left open, a Sonos speaker,
      // an Echo and the nursery's cloud baby monitor (their MACs carry their makers' registered prefixes).
      {
        name: 'hallway-matter-plug',
        kind: 'matter',
        address: at(100),
        vendorId: 4874, // Eve
        productId: 80,
        deviceType: 266, // On/Off Plug-in Unit
        productName: 'Eve Energy',
        commissioned: true,
        commissioningMode: 2,
      },
      { name: 'living-room-sonos', kind: 'sonos', address: at(101) },
      { name: 'kitchen-echo', kind: 'cloud-device', address: at(102), profile: 'echo', mac: '6C:56:97:3A:11:52' },
      {
        name: 'nursery-monitor',
        kind: 'cloud-device',
        address: at(103),
        profile: 'baby-monitor',
        mac: '44:EA:54:5C:20:7E',
      },
      { name: 'phone', kind: 'trusted-device', address: at(80), profile: 'phone' },
      { name: 'laptop', kind: 'trusted-device', address: at(81), profile: 'laptop' },
    ],
  };
}
