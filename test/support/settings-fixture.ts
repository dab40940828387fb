/**
 * Test support for Settings: an iotwarden.yaml that refers to secrets every way the config can (environment
 * variables set and unset, a password written into the file, a secrets file beside the database, URLs with a topic,
 * a webhook id, a query token and user info), where every secret VALUE contains {@link SECRET_MARK}. A test then
 * greps the API's answers and the rendered page for the mark: it must never appear.
 */
import { openStore } from '../../src/store/index.ts';
import { SecretsFile, secretsFileFor } from '../../src/store/secrets-file.ts';
import type { ServeStore } from '../../src/store/serve-store.ts';

/** In every secret value (and secret URL part); nothing iotwarden shows may contain it. */
export const SECRET_MARK = 'Zq7sEcReTmArK';
/** The webhook's signing secret (contains the mark), for checking the signature a receiver got. */
export const HOOK_SECRET = `hook-${SECRET_MARK}-1`;
/** A hostile event title stored with a failed delivery: shown as text, never as markup. */
export const HOSTILE_TITLE = 'New device <img src=x onerror=alert(1)> found';

export const SETTINGS_ENV: NodeJS.ProcessEnv = {
  SHELLY_PASSWORD: `shelly-${SECRET_MARK}-2`,
  HUE_KEY: `hue-${SECRET_MARK}-3`,
  HOOK_SECRET,
  NTFY_TOKEN: `ntfy-${SECRET_MARK}-4`,
  HA_TOKEN: `ha-${SECRET_MARK}-5`,
  EMPTY_VAR: '',
};

/**
 * The config; `receiver` is a loopback receiver's base URL, `deadPort` a loopback port nothing listens on, `prefix`
 * the first three octets of the test's own address block (`127.77.42`): its networks are shown, never scanned.
 */
export function settingsYaml(receiver: string, deadPort: number, prefix: string): string {
  const withUser = receiver.replace('http://', `http://owner:pw-${SECRET_MARK}@`);
  return `networks: ["${prefix}.0/24", "${prefix}.128/25"]
scan: { ports: "80,443", credentialChecks: false }
serve: { scan: "0 3 1 1 *" }   # never during a test: these networks are only shown, not scanned
credentials:
  - { family: shelly, username: admin, passwordEnv: SHELLY_PASSWORD }
  - { address: ${prefix}.40, apiKeyEnv: HUE_KEY }
  - { mac: "34:94:54:12:34:56", password: "inline-${SECRET_MARK}-6" }
  - { deviceId: shellyplus1-a8032ab12345, passwordEnv: PORCH_PASSWORD_UNSET }
homeAssistant: { url: "http://127.0.0.1:${deadPort}", tokenEnv: HA_TOKEN }
firmware:
  timeZone: UTC
  default: { mode: notify, window: { start: "02:00", end: "04:30" }, rollout: { canaryCount: 2 } }
  vendors: { TP-Link: { mode: auto } }
  models: { "HS100(UK)": { mode: hold, reason: "HA needs port 9999", until: 2031-06-01 } }
notifications:
  timeZone: Europe/London
  targets:
    - name: hook
      kind: webhook
      url: "${receiver}/api/webhook/wh-${SECRET_MARK}-7?token=q-${SECRET_MARK}-8"
      secretEnv: HOOK_SECRET
      minSeverity: low
    - name: phone
      kind: ntfy
      url: "${receiver}/topic-${SECRET_MARK}-9"
      tokenEnv: NTFY_TOKEN
      quietHours: { start: "22:00", end: "07:00", critical: true }
    - name: with-user
      kind: ntfy
      url: "${withUser}/topic-${SECRET_MARK}-11"
    - name: unset-secret
      kind: webhook
      url: "${receiver}/unset"
      secretEnv: EMPTY_VAR
    - name: gone
      kind: ntfy
      url: "http://127.0.0.1:${deadPort}/topic"
`;
}

/** A generated device password in the secrets file beside `db`, as `fix apply` leaves one. */
export function writeSecretsFile(db: string, prefix: string): void {
  new SecretsFile(secretsFileFor(db)).put({
    deviceId: 'dev-tasmota-1',
    address: `${prefix}.21`,
    family: 'tasmota',
    username: 'admin',
    password: `generated-${SECRET_MARK}-10`,
    createdMs: 1_700_000_000_000,
  });
}

/** A delivery to `hook` that failed for good, as the notifier records one after its last try. */
export async function recordFailedDelivery(store: ServeStore, nowMs: number): Promise<void> {
  await store.addEventOnce(
    {
      eventKey: 'device-new:settings-test',
      kind: 'device-new',
      severity: 'high',
      timeMs: nowMs,
      title: HOSTILE_TITLE,
      body: 'a test event',
      deviceId: null,
      data: null,
    },
    ['hook'],
  );
  const [delivery] = await store.deliveries({ state: 'pending', limit: 10 });
  if (!delivery) throw new Error('the event was not queued');
  await store.updateDelivery(delivery.id, {
    state: 'failed',
    attempts: 8,
    nextAttemptMs: nowMs,
    lastError: 'hook: HTTP 503 (busy)',
    nowMs,
  });
}

/** Devices Home Assistant places in rooms (and one only Pi-hole knows, in none), as an import records them. */
export const ROOM_DEVICES = [
  { name: 'sofa-lamp', area: 'Living room', last: 31 },
  { name: 'tv-plug', area: 'Living room', last: 32 },
  { name: 'kettle', area: 'Kitchen', last: 33 },
  { name: 'mystery-box', area: undefined, last: 34 },
] as const;

/** Records ROOM_DEVICES in the inventory `db` as Home Assistant (and Pi-hole) sightings. */
export async function recordRoomSightings(db: string, prefix: string, seenMs: number): Promise<void> {
  const store = await openStore(db);
  try {
    await store.recordSightings(
      ROOM_DEVICES.map((device) => {
        const mac = `02:00:00:00:00:${device.last}`;
        const address = `${prefix}.${device.last}`;
        return device.area
          ? {
              source: 'home-assistant' as const,
              location: 'http://homeassistant.test:8123',
              key: `ha-${device.name}`,
              mac,
              address,
              name: device.name,
              seenMs,
              facts: { area: device.area, integration: 'shelly' },
            }
          : {
              source: 'pihole-network' as const,
              location: '/etc/pihole/pihole-FTL.db',
              key: mac,
              mac,
              address,
              name: device.name,
              seenMs,
              facts: { hostname: device.name },
            };
      }),
    );
  } finally {
    await store.close();
  }
}
