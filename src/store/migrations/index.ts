import { initialMigration } from './001-initial.ts';
import { firmwareMigration } from './002-firmware.ts';
import { dnsMigration } from './003-dns.ts';
import { firmwareRolloutMigration } from './004-firmware-rollout.ts';
import { familyIdsMigration } from './005-family-ids.ts';
import { scanStatusMigration } from './006-scan-status.ts';
import { scanJournalMigration } from './007-scan-journal.ts';
import { deviceTrustMigration } from './008-device-trust.ts';
import { riskMigration } from './009-risk.ts';
import { zeroTrustMigration } from './010-zero-trust.ts';
import { fixJournalMigration } from './011-fix-journal.ts';
import { serveMigration } from './012-serve.ts';
import { sourceSightingsMigration } from './013-source-sightings.ts';
import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';

/** Every schema step in order. Append only; the newest version is the schema this build writes. */
export const MIGRATIONS: readonly Migration[] = [
  initialMigration,
  firmwareMigration,
  dnsMigration,
  firmwareRolloutMigration,
  familyIdsMigration,
  scanStatusMigration,
  scanJournalMigration,
  deviceTrustMigration,
  riskMigration,
  zeroTrustMigration,
  fixJournalMigration,
  serveMigration,
  sourceSightingsMigration,
];
