/**
 * Passwords iotwarden generated for devices (issue 13), in a file of their own beside the database: never in the
 * database, logs, reports, `--json` or evidence. Mode 0600 (an existing file others can read is tightened, as
 * the database is), written atomically, so a crash leaves the old file or the new one and never loses a password that
 * a device already has.
 */
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

export interface DeviceSecret {
  deviceId: string;
  /** The address the device had when the password was set, for the owner's reference. */
  address: string;
  /** The device's family id: the password is only ever offered to a device of this family. */
  family?: string;
  /** The MAC and the id the device reports, so the password follows it to a new address. */
  mac?: string;
  reportedId?: string;
  username: string;
  password: string;
  createdMs: number;
}

interface SecretsDocument {
  version: 1;
  devices: Record<string, DeviceSecret>;
}

const MAX_FILE_BYTES = 1 << 20;

/** The secrets file that belongs to a database: `iotwarden-secrets.json` in the same directory. */
export function secretsFileFor(dbFile: string): string {
  return join(dirname(dbFile), 'iotwarden-secrets.json');
}

export class SecretsFile {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  #read(): SecretsDocument {
    if (!existsSync(this.file)) return { version: 1, devices: {} };
    const stat = statSync(this.file);
    if ((stat.mode & 0o077) !== 0) {
      // Someone widened it: tighten it, as the database's mode is tightened, then read it.
      chmodSync(this.file, 0o600);
    }
    if (stat.size > MAX_FILE_BYTES) throw this.#broken('it is larger than 1 MiB');
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      throw this.#broken('it is not JSON');
    }
    const doc = parsed as Partial<SecretsDocument> | null;
    if (doc?.version !== 1 || typeof doc.devices !== 'object' || doc.devices === null) {
      throw this.#broken('it is not an iotwarden secrets file (version 1)');
    }
    return doc as SecretsDocument;
  }

  #broken(why: string): ConfigError {
    return new ConfigError(`the secrets file ${this.file} cannot be read: ${why}; it was left as it is`, {
      code: 'ERR_SECRETS_FILE',
    });
  }

  get(deviceId: string): DeviceSecret | undefined {
    return this.#read().devices[deviceId];
  }

  all(): DeviceSecret[] {
    return Object.values(this.#read().devices);
  }

  /** Stores (or replaces) a device's password; on disk with mode 0600 before this returns. */
  put(secret: DeviceSecret): void {
    const doc = this.#read();
    doc.devices[secret.deviceId] = secret;
    writeFileAtomic(this.file, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
  }
}
