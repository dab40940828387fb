import { z } from 'zod';

/**
 * Scenario settings of a simulated Tasmota device. `{}` is a Sonoff Basic on Tasmota 13.4.0 with no web
 * password and no MQTT broker configured: how a freshly flashed device sits on a home network.
 */
export const tasmotaSettings = z
  .object({
    /** Module name as the web UI and the `Module` command show it (Tasmota's module table, or a template NAME). */
    model: z.string().min(1).default('Sonoff Basic'),
    /** `StatusFWR.Version`, build variant in parentheses. */
    firmware: z.string().min(1).default('13.4.0(tasmota)'),
    /** `StatusFWR.Hardware`: the chip. */
    hwVersion: z.string().min(1).default('ESP8266EX'),
    /** The web admin password (`WebPassword`); Tasmota's user name is always `admin`. */
    auth: z
      .object({ enabled: z.boolean(), username: z.string().optional(), password: z.string().optional() })
      .strict()
      .default({ enabled: false }),
    mqtt: z
      .object({ host: z.string().default(''), port: z.number().int().min(1).max(65535).default(1883) })
      .strict()
      .default({ host: '', port: 1883 }),
    /** The relay state at power-on. */
    power: z.boolean().default(false),
    /** Merged into the Status 0 answer section by section, e.g. `{ StatusFWR: { Core: '3_0_2' } }`. */
    overrides: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  })
  .strict();

export type TasmotaSettings = z.infer<typeof tasmotaSettings>;

/**
 * Module numbers of Tasmota's built-in ESP8266 module table (tasmota_template.h, kModuleNiceList order);
 * any other name is served as a user template, module 0.
 */
export const MODULE_NUMBERS: Record<string, number> = {
  'Sonoff Basic': 1,
  'Sonoff RF': 2,
  'Sonoff SV': 3,
  'Sonoff TH': 4,
  'Sonoff Dual': 5,
  'Sonoff Pow': 6,
  'Sonoff 4CH': 7,
  'Sonoff S2X': 8,
  Slampher: 9,
  'Sonoff Touch': 10,
  'Sonoff LED': 11,
  Generic: 18,
};
