import { z } from 'zod';

/**
 * The behaviours a hostile device can have. Add new ones at the end: scenarios and tests name them, so the list
 * only grows (issue 8 asks for 20+).
 */
export const HOSTILE_BEHAVIORS = [
  'silent',
  'endless-body',
  'invalid-json',
  'reset',
  'evil-name',
  'deep-json',
  'kasa-missing-module',
] as const;

export type HostileBehavior = (typeof HOSTILE_BEHAVIORS)[number];

/**
 * The device family a behaviour passes itself off as, served on that family's ports: its adapter is expected to
 * claim the device (and report it no cleaner than it is); every other family must not.
 */
export const HOSTILE_IMPERSONATES: Readonly<Record<HostileBehavior, string | undefined>> = {
  silent: undefined,
  'endless-body': undefined,
  'invalid-json': undefined,
  reset: undefined,
  'evil-name': 'shelly-gen1',
  'deep-json': 'shelly-gen1',
  'kasa-missing-module': 'kasa-legacy',
};

/**
 * A device that misbehaves on purpose, to prove the scanner survives real-world firmware: hangs, floods,
 * garbage, resets and a name built to break terminals and HTML reports.
 */
export const hostileSettings = z
  .object({
    behavior: z.enum(HOSTILE_BEHAVIORS).default('silent'),
    /**
     * The real TCP ports the behaviour is served on: port 80 speaks HTTP, every other port raw TCP. By default
     * 80, 9999 and 23 for 'silent', 9999 for 'kasa-missing-module' and 80 for the rest. An empty list is the
     * hostile twin of a UDP-only family (LIFX): a host that opens no TCP port at all.
     */
    ports: z.array(z.number().int().min(1).max(65535)).optional(),
  })
  .strict();

export type HostileSettings = z.infer<typeof hostileSettings>;

/** The ports a hostile device opens: the scenario's, or its behaviour's usual ones. */
export function hostilePorts(settings: HostileSettings): readonly number[] {
  if (settings.ports) return [...new Set(settings.ports)];
  if (settings.behavior === 'silent') return [80, 9999, 23];
  if (settings.behavior === 'kasa-missing-module') return [9999];
  return [80];
}
