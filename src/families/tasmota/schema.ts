import { z } from 'zod';

/**
 * The parts of a Tasmota `Status 0` answer iotwarden reads. Devices send many more fields (and older firmware
 * fewer), so everything is optional and unknown keys pass through.
 */
export const tasmotaStatus0Schema = z.looseObject({
  Status: z
    .looseObject({
      Module: z.number().optional(),
      DeviceName: z.string().optional(),
      FriendlyName: z.array(z.string()).optional(),
      Topic: z.string().optional(),
    })
    .optional(),
  StatusFWR: z.looseObject({
    Version: z.string(),
    BuildDateTime: z.string().optional(),
    Core: z.string().optional(),
    SDK: z.string().optional(),
    Hardware: z.string().optional(),
  }),
  StatusNET: z
    .looseObject({
      Hostname: z.string().optional(),
      IPAddress: z.string().optional(),
      Mac: z.string().optional(),
    })
    .optional(),
  StatusMQT: z
    .looseObject({
      MqttHost: z.string().optional(),
      MqttPort: z.number().optional(),
      MqttUser: z.string().optional(),
    })
    .optional(),
});

export type TasmotaStatus0 = z.infer<typeof tasmotaStatus0Schema>;

/** `Module` answers `{"Module":{"1":"Sonoff Basic"}}` (number → name). */
export const tasmotaModuleSchema = z.object({ Module: z.record(z.string(), z.string()) });
