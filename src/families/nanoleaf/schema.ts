import { z } from 'zod';

/**
 * The parts of Nanoleaf's `GET /api/v1/<token>/` answer (the whole device state, OpenAPI "Get All Panel Controller
 * Info") iotwarden reads. Firmware adds keys over time (`qkihnokomhartlnp`, `cloudHash`, `rhythm`), so unknown keys
 * pass through; the identity fields are what make an answer a Nanoleaf's. Field names from the captures in
 * ../shared/fixtures/nanoleaf/device_info.
 */
export const nanoleafInfoSchema = z.looseObject({
  name: z.string().optional(),
  serialNo: z.string().optional(),
  manufacturer: z.string().optional(),
  firmwareVersion: z.string().min(1),
  hardwareVersion: z.string().optional(),
  model: z.string().min(1),
});

export type NanoleafInfo = z.infer<typeof nanoleafInfoSchema>;

/** `POST /api/v1/new` during the pairing window: `{"auth_token": "<32 chars>"}`. */
export const nanoleafNewTokenSchema = z.object({ auth_token: z.string().min(1).max(256) });

/** The mDNS TXT keys Nanoleaf controllers announce on `_nanoleafapi._tcp`: model, firmware and device id. */
export const nanoleafTxtSchema = z.looseObject({
  md: z.string().min(1).max(64).optional(),
  srcvers: z.string().min(1).max(64).optional(),
  id: z.string().min(1).max(64).optional(),
});

/** Product names of Nanoleaf model numbers (fixtures README; Home Assistant's nanoleaf integration). */
export const NANOLEAF_MODELS: Readonly<Record<string, string>> = {
  NL22: 'Light Panels',
  NL29: 'Canvas',
  NL42: 'Shapes',
  NL52: 'Elements',
  NL59: 'Lines',
};
