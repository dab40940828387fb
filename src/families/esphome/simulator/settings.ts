import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Scenario settings of a simulated ESPHome node. `{}` is a plaintext ESP32 dev board on ESPHome 2024.6.1 without
 * an API password: the default of an `api:` block without `encryption:` before ESPHome made encryption the norm.
 */
export const esphomeSettings = z
  .object({
    /** The board as the YAML names it; DeviceInfoResponse.model and the mDNS `board` TXT carry it. */
    model: z.string().min(1).default('esp32dev'),
    /** ESPHome version the firmware was built with. */
    firmware: z
      .string()
      .regex(/^\d{4}\.\d{1,2}\.\d+/, 'must be an ESPHome version such as 2024.6.1')
      .default('2024.6.1'),
    /** `noise` when the YAML has `api: encryption: key:`; then plaintext clients are turned away. */
    encryption: z.enum(['none', 'noise']).default('none'),
    /**
     * The node's `api: encryption: key:` (base64 of 32 bytes). Left out, a Noise node gets a key derived from its
     * name, so a scenario always serves the same key: see `labEncryptionKey`.
     */
    encryptionKey: z
      .string()
      .refine((key) => /^[A-Za-z0-9+/]{43}=$/.test(key) && Buffer.from(key, 'base64').length === 32, {
        message: 'must be the base64 of 32 bytes, as `esphome` generates for api: encryption: key:',
      })
      .optional(),
    /** The legacy API password (`api: password:`), sent by clients in clear text in ConnectRequest. */
    auth: z
      .object({ enabled: z.boolean(), username: z.string().optional(), password: z.string().optional() })
      .strict()
      .default({ enabled: false }),
    /** Chip family for the mDNS `platform` TXT; derived from the board when left out. */
    platform: z.enum(['ESP32', 'ESP8266', 'RP2', 'BK72XX']).optional(),
    network: z.enum(['wifi', 'ethernet']).default('wifi'),
  })
  .strict();

export type EsphomeSettings = z.infer<typeof esphomeSettings>;

/** ESP8266 boards as ESPHome names them; everything else the lab treats as an ESP32. */
const ESP8266_BOARDS = /^(esp01|esp12e|esp8285|nodemcu|d1_mini|esp_wroom_02|huzzah|oak|sonoff|wio_link)/;

export function platformOf(settings: EsphomeSettings): string {
  return settings.platform ?? (ESP8266_BOARDS.test(settings.model) ? 'ESP8266' : 'ESP32');
}

/**
 * API minor version a firmware speaks (api_version_minor in HelloResponse). ESPHome raises it with protocol
 * additions: 1.9 through 2023, 1.10 in 2024, 1.12 from 2025. Approximate: clients only compare majors strictly.
 */
export function apiVersionOf(firmware: string): { major: number; minor: number } {
  const year = Number(firmware.slice(0, 4));
  if (year >= 2025) return { major: 1, minor: 12 };
  if (year === 2024) return { major: 1, minor: 10 };
  return { major: 1, minor: 9 };
}

/** The node name a device gets from a human name: ESPHome names are hostnames (lower case, digits, dashes). */
export function nodeNameOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 31);
  return slug || 'esphome-node';
}

/**
 * The encryption key of a Noise node whose scenario names none: SHA-256 of `iotwarden-lab-esphome:` and the device
 * name, in base64. Deterministic so that an owner trying the lab (or a test) can compute it; never a real key.
 */
export function labEncryptionKey(deviceName: string): string {
  return createHash('sha256').update(`iotwarden-lab-esphome:${deviceName}`).digest('base64');
}
