import { z } from 'zod';

/**
 * A device that misbehaves on purpose, to prove the scanner survives real-world firmware: hangs, floods,
 * garbage, resets and a name built to break terminals and HTML reports.
 */
export const hostileSettings = z
  .object({
    behavior: z.enum(['silent', 'endless-body', 'invalid-json', 'reset', 'evil-name']).default('silent'),
  })
  .strict();

export type HostileSettings = z.infer<typeof hostileSettings>;
