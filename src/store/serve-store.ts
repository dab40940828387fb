/**
 * The tables of `iotwarden serve` (migration 006): accounts, sessions, API tokens, job history and the notification
 * outbox, plus the read of scores over time. In `serve` it is a repository of the process's one Store (`store.serve`),
 * on the Store's connection (issue 9: one connection per process); `openServeStore` opens it alone, for tests and
 * tools that need only these tables. Every write is one transaction. Callers hand in hashes, never secrets.
 */
import type { Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import * as auth from './auth-repository.ts';
import { type DatabaseHandle, type DatabaseOptions, openDatabase, withWriteTransaction } from './database.ts';
import type { JobEnd } from './job-repository.ts';
import * as jobs from './job-repository.ts';
import { migrate } from './migrator.ts';
import * as outbox from './notification-repository.ts';
import { selectScanScores } from './score-history-repository.ts';
import type { ServeSchema } from './serve-schema.ts';
import type {
  ApiTokenRecord,
  DeliveryRecord,
  DeliveryState,
  JobRecord,
  JobTrigger,
  NotificationEventRecord,
  ScanScores,
  SessionRecord,
  TokenScope,
  UserRecord,
} from './serve-types.ts';
import { translateSqliteError } from './sqlite-errors.ts';

type Db = Kysely<ServeSchema>;

/** Sessions and tokens remembered between writes; more is cleared (a flood of unknown tokens). */
const REMEMBERED_ANSWERS = 256;

export class ServeStore {
  readonly #handle: DatabaseHandle;
  /** Opened by openServeStore (closed by close()), or lent by a Store (which closes it). */
  readonly #ownsConnection: boolean;
  #versionReads: { dataVersion: Statement; totalChanges: Statement } | undefined;
  #remembered: { version: string; answers: Map<string, unknown> } = { version: '', answers: new Map() };

  constructor(handle: DatabaseHandle, options: { ownsConnection: boolean }) {
    this.#handle = handle;
    this.#ownsConnection = options.ownsConnection;
  }

  get file(): string {
    return this.#handle.file;
  }

  // Accounts and the setup token.
  userCount = () => this.#read('count accounts in', (db) => auth.countUsers(db));
  user = (username: string) => this.#read('read an account from', (db) => auth.selectUser(db, username));
  saveSetupToken = (sha: string, createdMs: number, expiresMs: number) =>
    this.#write('store the setup token in', (db) => auth.insertSetupToken(db, sha, createdMs, expiresMs));
  setupTokenUsable = (sha: string, nowMs: number) =>
    this.#read('check the setup token in', (db) => auth.setupTokenUsable(db, sha, nowMs));

  /**
   * Uses the setup token and creates the owner in one transaction: both happen or neither, and a second request
   * with the same token (or a second owner) finds the token used.
   */
  createOwner(sha: string, user: Omit<UserRecord, 'id'>, nowMs: number): Promise<UserRecord | undefined> {
    return this.#write('create the owner account in', async (db) => {
      if ((await auth.countUsers(db)) > 0) return undefined;
      if (!(await auth.consumeSetupToken(db, sha, nowMs))) return undefined;
      return auth.insertUser(db, user);
    });
  }

  // Sessions.
  saveSession = (session: Omit<SessionRecord, 'username' | 'revokedMs'>) =>
    this.#write('store a session in', (db) => auth.insertSession(db, session));
  /** Read on every request a session makes: answered from memory until the next write (see #sameUntilWrite). */
  session = (sha: string) =>
    this.#sameUntilWrite(`session:${sha}`, () =>
      this.#read('read a session from', (db) => auth.selectSession(db, sha)),
    );
  touchSession = (sha: string, nowMs: number) =>
    this.#write('update a session in', (db) => auth.touchSession(db, sha, nowMs));
  revokeSession = (sha: string, nowMs: number) =>
    this.#write('end a session in', (db) => auth.revokeSession(db, sha, nowMs));
  pruneSessions = (cutoffMs: number) =>
    this.#write('forget old sessions in', (db) => auth.deleteSessionsBefore(db, cutoffMs));

  // API tokens.
  saveApiToken = (token: { name: string; tokenSha256: string; scope: TokenScope; createdMs: number }) =>
    this.#write('store an API token in', (db) => auth.insertApiToken(db, token));
  apiTokens = (): Promise<ApiTokenRecord[]> => this.#read('list API tokens in', (db) => auth.selectApiTokens(db));
  /** Read on every request a token makes: answered from memory until the next write (see #sameUntilWrite). */
  apiTokenByHash = (sha: string) =>
    this.#sameUntilWrite(`token:${sha}`, () =>
      this.#read('check an API token in', (db) => auth.selectApiTokenByHash(db, sha)),
    );
  markApiTokenUsed = (id: number, nowMs: number) =>
    this.#write('record an API token use in', (db) => auth.markApiTokenUsed(db, id, nowMs));
  revokeApiToken = (id: number, nowMs: number) =>
    this.#write('revoke an API token in', (db) => auth.revokeApiToken(db, id, nowMs));

  // Jobs.
  queueJob = (job: { id: string; kind: string; trigger: JobTrigger; queuedMs: number }) =>
    this.#write('record a job in', (db) => jobs.insertJob(db, job));
  markJobRunning = (id: string, startedMs: number) =>
    this.#write('record the start of a job in', (db) => jobs.markJobRunning(db, id, startedMs));
  finishJob = (id: string, end: JobEnd) =>
    this.#write('record the end of a job in', (db) => jobs.finishJob(db, id, end));
  interruptUnfinishedJobs = (nowMs: number, summary: string) =>
    this.#write('mark interrupted jobs in', (db) => jobs.interruptUnfinishedJobs(db, nowMs, summary));
  job = (id: string): Promise<JobRecord | undefined> => this.#read('read a job from', (db) => jobs.selectJob(db, id));
  jobs = (filter: { kind?: string | undefined; limit: number }) =>
    this.#read('list jobs in', (db) => jobs.selectJobs(db, filter));

  // Notifications.
  addEventOnce = (event: NotificationEventRecord, targets: readonly string[]) =>
    this.#write('queue a notification in', (db) => outbox.insertEventOnce(db, event, targets));
  dueDeliveries = (nowMs: number, limit: number) =>
    this.#read('read due notifications from', (db) => outbox.selectDueDeliveries(db, nowMs, limit));
  updateDelivery = (
    id: number,
    change: { state: DeliveryState; attempts: number; nextAttemptMs: number; lastError: string | null; nowMs: number },
  ) => this.#write('record a notification delivery in', (db) => outbox.updateDelivery(db, id, change));
  deliveries = (filter: {
    state?: DeliveryState | undefined;
    limit: number;
  }): Promise<Array<DeliveryRecord & { title: string; kind: string; severity: string }>> =>
    this.#read('list notification deliveries in', (db) => outbox.selectDeliveries(db, filter));
  recentEvents = (limit: number): Promise<NotificationEventRecord[]> =>
    this.#read('read recent events from', (db) => outbox.selectRecentEvents(db, limit));
  cursor = (name: string) => this.#read('read a notifier cursor from', (db) => outbox.selectCursor(db, name));
  setCursor = (name: string, value: number) =>
    this.#write('move a notifier cursor in', (db) => outbox.upsertCursor(db, name, value));

  // Scores over time.
  scanScores = (limit: number): Promise<ScanScores[]> =>
    this.#read('read scores over time from', (db) => selectScanScores(db, limit));

  /**
   * A key that changes whenever anything in the database may have: `PRAGMA data_version` moves when another
   * connection (a CLI command, another process) commits (https://sqlite.org/pragma.html#pragma_data_version), and
   * `total_changes()` counts the rows this connection has written (https://sqlite.org/c3ref/total_changes.html).
   * Two prepared one-value reads, no table touched, so a cache keyed by it can be checked on every request.
   */
  async changeVersion(): Promise<string> {
    try {
      const raw = this.#handle.raw;
      this.#versionReads ??= {
        dataVersion: raw.prepare('PRAGMA data_version').pluck(),
        totalChanges: raw.prepare('SELECT total_changes()').pluck(),
      };
      return `${this.#versionReads.dataVersion.get()}:${this.#versionReads.totalChanges.get()}`;
    } catch (error) {
      throw translateSqliteError(error, this.#handle.file, 'read the change counters of');
    }
  }

  /** Closes the connection this ServeStore opened; one lent by a Store stays open until the Store closes. */
  async close(): Promise<void> {
    if (this.#ownsConnection) await this.#handle.db.destroy();
  }

  /**
   * A read whose answer is kept until the database changes (changeVersion): a revoked token, an ended or touched
   * session is a write, by this process or another, so the next request reads again. An answer read while a write
   * landed is kept under the older version and so dropped at the next call. Bounded: unknown bearer tokens sent
   * in bulk cannot grow it.
   */
  async #sameUntilWrite<T>(key: string, read: () => Promise<T>): Promise<T> {
    const version = await this.changeVersion();
    if (version !== this.#remembered.version) this.#remembered = { version, answers: new Map() };
    const { answers } = this.#remembered;
    if (answers.has(key)) return answers.get(key) as T;
    const answer = await read();
    if (answers.size >= REMEMBERED_ANSWERS) answers.clear();
    answers.set(key, answer);
    return answer;
  }

  #write<T>(action: string, work: (db: Db) => Promise<T>): Promise<T> {
    return withWriteTransaction(this.#handle, action, (trx) => work(trx as unknown as Db));
  }

  async #read<T>(action: string, query: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await query(this.#handle.db as unknown as Db);
    } catch (error) {
      throw translateSqliteError(error, this.#handle.file, action);
    }
  }
}

/** Opens the serve tables of the inventory at `file` on their own connection, migrating when writable. */
export async function openServeStore(file: string, options: DatabaseOptions = {}): Promise<ServeStore> {
  const handle = openDatabase(file, options);
  try {
    await migrate(handle);
  } catch (error) {
    await handle.db.destroy();
    throw error;
  }
  return new ServeStore(handle, { ownsConnection: true });
}
