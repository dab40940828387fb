/**
 * ESPHome has no API to change its own configuration: the plaintext native API is fixed in the node's YAML and a
 * new build. `fix plan` prints the snippet with a freshly generated key (ESPHome docs, Native API Component:
 * `encryption: key:` is 32 random bytes, base64).
 */
import { randomBytes } from 'node:crypto';
import type { ManualFix } from '../setting-fix.ts';

const esphomeEncryptionManual: ManualFix = {
  checkId: 'protocol.esphome-plaintext',
  steps: () => [
    "Add an encryption key to the node's YAML (this one was generated for you just now, it is not stored anywhere):",
    `api:\n  encryption:\n    key: "${randomBytes(32).toString('base64')}"`,
    'Install the new build (esphome run <node>.yaml, or Install in the ESPHome dashboard), then give Home Assistant the same key when it asks (Settings → Devices & services → ESPHome → Reconfigure).',
  ],
};

export const ESPHOME_FIXES = { settings: [], manual: [esphomeEncryptionManual] } as const;
