/** SQL of the owner account, setup tokens, sessions and API tokens (migration 006). Secrets arrive hashed. */
import type { Kysely } from 'kysely';
import type { ServeSchema } from './serve-schema.ts';
import type { ApiTokenRecord, SessionRecord, TokenScope, UserRecord } from './serve-types.ts';

type Db = Kysely<ServeSchema>;

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertUser(db: Db, user: Omit<UserRecord, 'id'>): Promise<UserRecord> {
  const row = await db
    .insertInto('users')
    .values({ username: user.username, password_hash: user.passwordHash, created_ms: user.createdMs })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, username: row.username, passwordHash: row.password_hash, createdMs: row.created_ms };
}

export async function selectUser(db: Db, username: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row && { id: row.id, username: row.username, passwordHash: row.password_hash, createdMs: row.created_ms };
}

export async function insertSetupToken(db: Db, tokenSha256: string, createdMs: number, expiresMs: number) {
  // Only one setup link is valid at a time: a new one replaces any unused older one.
  await db.deleteFrom('setup_tokens').where('used_ms', 'is', null).execute();
  await db
    .insertInto('setup_tokens')
    .values({ token_sha256: tokenSha256, created_ms: createdMs, expires_ms: expiresMs, used_ms: null })
    .execute();
}

/** Marks the token used if it is unused and unexpired; true when it was. */
export async function consumeSetupToken(db: Db, tokenSha256: string, nowMs: number): Promise<boolean> {
  const result = await db
    .updateTable('setup_tokens')
    .set({ used_ms: nowMs })
    .where('token_sha256', '=', tokenSha256)
    .where('used_ms', 'is', null)
    .where('expires_ms', '>', nowMs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setupTokenUsable(db: Db, tokenSha256: string, nowMs: number): Promise<boolean> {
  const row = await db
    .selectFrom('setup_tokens')
    .select('token_sha256')
    .where('token_sha256', '=', tokenSha256)
    .where('used_ms', 'is', null)
    .where('expires_ms', '>', nowMs)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSession(db: Db, session: Omit<SessionRecord, 'username' | 'revokedMs'>): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_sha256: session.idSha256,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_ms: session.createdMs,
      last_seen_ms: session.lastSeenMs,
      expires_ms: session.expiresMs,
      revoked_ms: null,
    })
    .execute();
}

export async function selectSession(db: Db, idSha256: string): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('sessions')
    .select('users.username')
    .where('id_sha256', '=', idSha256)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    idSha256: row.id_sha256,
    userId: row.user_id,
    username: row.username,
    csrfToken: row.csrf_token,
    createdMs: row.created_ms,
    lastSeenMs: row.last_seen_ms,
    expiresMs: row.expires_ms,
    revokedMs: row.revoked_ms,
  };
}

export async function touchSession(db: Db, idSha256: string, nowMs: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_ms: nowMs }).where('id_sha256', '=', idSha256).execute();
}

export async function revokeSession(db: Db, idSha256: string, nowMs: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_ms: nowMs })
    .where('id_sha256', '=', idSha256)
    .where('revoked_ms', 'is', null)
    .execute();
}

/** Forgets sessions that ended long ago; they can never be used again anyway. */
export async function deleteSessionsBefore(db: Db, cutoffMs: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_ms', '<', cutoffMs).execute();
}

type TokenRow = {
  id: number;
  name: string;
  scope: TokenScope;
  created_ms: number;
  last_used_ms: number | null;
  revoked_ms: number | null;
};
const toToken = (row: TokenRow): ApiTokenRecord => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  createdMs: row.created_ms,
  lastUsedMs: row.last_used_ms,
  revokedMs: row.revoked_ms,
});
const TOKEN_COLUMNS = ['id', 'name', 'scope', 'created_ms', 'last_used_ms', 'revoked_ms'] as const;

export async function insertApiToken(
  db: Db,
  token: { name: string; tokenSha256: string; scope: TokenScope; createdMs: number },
): Promise<ApiTokenRecord> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      name: token.name,
      token_sha256: token.tokenSha256,
      scope: token.scope,
      created_ms: token.createdMs,
      last_used_ms: null,
      revoked_ms: null,
    })
    .returning(TOKEN_COLUMNS)
    .executeTakeFirstOrThrow();
  return toToken(row);
}

export async function selectApiTokens(db: Db): Promise<ApiTokenRecord[]> {
  return (await db.selectFrom('api_tokens').select(TOKEN_COLUMNS).orderBy('id').execute()).map(toToken);
}

export async function selectApiTokenByHash(db: Db, tokenSha256: string): Promise<ApiTokenRecord | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(TOKEN_COLUMNS)
    .where('token_sha256', '=', tokenSha256)
    .executeTakeFirst();
  return row && toToken(row);
}

export async function markApiTokenUsed(db: Db, id: number, nowMs: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_ms: nowMs }).where('id', '=', id).execute();
}

export async function revokeApiToken(db: Db, id: number, nowMs: number): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_ms: nowMs })
    .where('id', '=', id)
    .where('revoked_ms', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
