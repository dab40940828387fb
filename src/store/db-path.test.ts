import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDbPath } from './db-path.ts';

describe('resolveDbPath', () => {
  const env = { IOTWARDEN_DB: '/srv/env.db', XDG_DATA_HOME: '/xdg', HOME: '/home/ana' };

  it('prefers --db, then IOTWARDEN_DB, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(resolveDbPath({ flag: '/tmp/flag.db', env })).toBe('/tmp/flag.db');
    expect(resolveDbPath({ env })).toBe('/srv/env.db');
    expect(resolveDbPath({ env: { XDG_DATA_HOME: '/xdg', HOME: '/home/ana' } })).toBe('/xdg/iotwarden/iotwarden.db');
    expect(resolveDbPath({ env: { HOME: '/home/ana' } })).toBe('/home/ana/.local/share/iotwarden/iotwarden.db');
  });

  it('resolves relative --db and IOTWARDEN_DB against the working directory', () => {
    expect(resolveDbPath({ flag: 'my.db', env })).toBe(resolve('my.db'));
    expect(resolveDbPath({ env: { IOTWARDEN_DB: 'x/env.db' } })).toBe(resolve('x/env.db'));
  });

  it('ignores empty values and a relative XDG_DATA_HOME (XDG Base Directory spec)', () => {
    expect(resolveDbPath({ flag: '', env: { IOTWARDEN_DB: '', XDG_DATA_HOME: 'rel', HOME: '/h' } })).toBe(
      '/h/.local/share/iotwarden/iotwarden.db',
    );
    expect(resolveDbPath({ env: {} })).toBe(join(homedir(), '.local', 'share', 'iotwarden', 'iotwarden.db'));
  });
});
