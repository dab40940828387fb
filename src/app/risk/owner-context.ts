/**
 * The owner's context for a device, validated: from `risk set`, from iotwarden.yaml, or as stored. An unknown
 * category is a usage error naming the known ones; unknown keys in stored JSON are dropped, never trusted.
 */
import { UsageError } from '../../errors/index.ts';
import { FUNCTION_CATEGORIES, isFunctionCategory } from '../../families/function-category.ts';
import type { OwnerContext } from './types.ts';

/** What `risk set` and the config may say; every field optional, strings as typed. */
export interface OwnerContextInput {
  category?: string | undefined;
  controls?: string | undefined;
  room?: string | undefined;
  outside?: boolean | undefined;
  users?: readonly string[] | undefined;
  upside?: string | undefined;
}

const MAX_TEXT = 200;

function text(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new UsageError(`${what} must not be empty`, { code: 'ERR_RISK_CONTEXT' });
  if (trimmed.length > MAX_TEXT) {
    throw new UsageError(`${what} is longer than ${MAX_TEXT} characters`, { code: 'ERR_RISK_CONTEXT' });
  }
  return trimmed;
}

/** Validates owner input; throws UsageError (exit 2) with a stable code on an unknown category or empty text. */
export function parseOwnerContext(input: OwnerContextInput): OwnerContext {
  const out: OwnerContext = {};
  if (input.category !== undefined) {
    const category = input.category.trim().toLowerCase();
    if (!isFunctionCategory(category)) {
      throw new UsageError(`unknown category "${input.category}" (known: ${FUNCTION_CATEGORIES.join(', ')})`, {
        code: 'ERR_RISK_CATEGORY',
      });
    }
    out.category = category;
  }
  const controls = text(input.controls, '--controls');
  const room = text(input.room, '--room');
  const upside = text(input.upside, '--upside');
  if (controls) out.controls = controls;
  if (room) out.room = room.toLowerCase();
  if (upside) out.upside = upside;
  if (input.outside !== undefined) out.outside = input.outside;
  if (input.users) out.users = input.users.map((user) => text(user, '--user')!.toLowerCase());
  return out;
}

/** A stored context read back: invalid parts are dropped (the database is ours, but never blindly trusted). */
export function storedOwnerContext(value: unknown): OwnerContext {
  if (typeof value !== 'object' || value === null) return {};
  const raw = value as Record<string, unknown>;
  const str = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  try {
    return parseOwnerContext({
      category: str('category'),
      controls: str('controls'),
      room: str('room'),
      upside: str('upside'),
      outside: typeof raw.outside === 'boolean' ? raw.outside : undefined,
      users: Array.isArray(raw.users) ? raw.users.filter((u): u is string => typeof u === 'string') : undefined,
    });
  } catch {
    return {};
  }
}
