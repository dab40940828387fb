import { z } from 'zod';
import { SCENARIO_KINDS } from '../kinds.ts';

/**
 * The keys every scenario device has. Everything else on a device entry is the kind's own settings,
 * validated by that kind's strict schema (see src/lab/kinds.ts).
 */
export const COMMON_DEVICE_KEYS = ['name', 'kind', 'address', 'mac', 'fixture'] as const;

const loopbackIpv4 = z
  .string()
  .regex(
    /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/,
    'must be an IPv4 loopback address (127.0.0.0/8); the lab never binds a real interface',
  )
  .refine((a) => a.split('.').every((p) => Number(p) <= 255), 'is not a valid IPv4 address');

export const commonDeviceSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'may hold letters, digits, space, dot, dash and underscore'),
  kind: z.string().refine((kind) => SCENARIO_KINDS.includes(kind), {
    error: () => `unknown kind; use one of: ${SCENARIO_KINDS.join(', ')}`,
  }),
  address: loopbackIpv4.optional(),
  mac: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}[:-]?){5}[0-9A-Fa-f]{2}$/, 'must be a MAC address such as AA:BB:CC:DD:EE:FF')
    .optional(),
  fixture: z.string().min(1).optional(),
});

export const scenarioDocumentSchema = z.object({
  name: z.string().optional(),
  /** Where devices without an address are placed, first free address first. */
  network: z
    .string()
    .regex(/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(8|9|1\d|2\d|3[0-2])$/, 'must be a CIDR inside 127.0.0.0/8')
    .optional(),
  devices: z.array(z.record(z.string(), z.unknown())).min(1, 'a scenario needs at least one device'),
});

export type CommonDevice = z.infer<typeof commonDeviceSchema>;
