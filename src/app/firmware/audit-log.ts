/**
 * The firmware audit log: every check, install, hold, release, policy change and catalogue update, append-only.
 * The apply engine and the CLI write through `AuditLog.append`; `iotwarden firmware log` reads it.
 */

import type { AuditFilter, FirmwareRepository } from '../../store/firmware-repository.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import type { AuditEntry, AuditEntryInput } from './types.ts';

export class AuditLog {
  #store: FirmwareRepository;
  #clock: Clock;

  constructor(store: FirmwareRepository, clock: Clock = systemClock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** Appends one entry; `timeMs` defaults to the clock's now. Entries can never be changed or removed. */
  append(entry: Omit<AuditEntryInput, 'timeMs'> & { timeMs?: number }): Promise<AuditEntry> {
    return this.#store.appendAudit({ ...entry, timeMs: entry.timeMs ?? this.#clock.now() });
  }

  /** Entries oldest first, optionally for one device and/or only the newest `limit`. */
  entries(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    return this.#store.auditEntries(filter);
  }
}
