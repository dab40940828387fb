/**
 * The name an 'evil-name' device reports: script injection, ANSI escapes (clear screen, red, a fake prompt and an
 * OSC 8 hyperlink), a bell, NUL, a carriage return that rewrites the line, and right-to-left override.
 */
export const EVIL_NAME =
  '<script>alert(1)</script>\u001b[2J\u001b[31mPWNED\u001b[0m\u001b]8;;http://evil.invalid/\u0007link\u001b]8;;\u0007\u0000\u0007\r$ rm -rf ~ \u202etxt.exe';

/** A Gen1 firmware build string in the shape real Gen1 devices report (`/shelly` `fw`, see shelly fixtures). */
const FW = '20230913-112003/v1.14.0-gcb84623';

/**
 * `/shelly`, `/settings` and `/status` of a Shelly 1 (SHSW-1) whose owner-set name is `name` ({@link EVIL_NAME}
 * unless told otherwise). When the
 * scenario gives a Gen1 capture as fixture, its shape is used instead, with the name and MAC replaced.
 */
export function evilShelly(
  mac: string,
  fixture: unknown,
  name: string = EVIL_NAME,
): { shelly: object; settings: object; status: object } {
  const hex = mac.replace(/:/g, '').toUpperCase();
  const dump = isGen1Dump(fixture) ? fixture : undefined;
  const type = (dump?.shelly.type as string | undefined) ?? 'SHSW-1';
  const shelly = {
    ...(dump?.shelly ?? { auth: false, fw: FW, longid: 1, num_outputs: 1, type }),
    mac: hex,
    name,
  };
  const settings = {
    ...(dump?.settings ?? {
      fw: FW,
      cloud: { enabled: false, connected: false },
      login: { enabled: false, unprotected: false, username: 'admin' },
    }),
    device: { type, mac: hex, hostname: `shelly1-${hex}`, num_outputs: 1 },
    name,
  };
  const status = {
    ...(dump?.status ?? { update: { status: 'idle', has_update: false, new_version: FW, old_version: FW } }),
    mac: hex,
  };
  return { shelly, settings, status };
}

function isGen1Dump(
  value: unknown,
): value is { shelly: Record<string, unknown>; settings: Record<string, unknown>; status: Record<string, unknown> } {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    [v.shelly, v.settings, v.status].every((x) => x !== null && typeof x === 'object') &&
    !('gen' in (v.shelly as object))
  );
}
