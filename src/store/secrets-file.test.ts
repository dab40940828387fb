import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretsFile, secretsFileFor } from './secrets-file.ts';

const secret = {
  deviceId: 'dev_1',
  address: '127.77.9.9',
  username: 'admin',
  password: 'p4ss-w0rd-long-enough',
  createdMs: 1,
};

describe('the secrets file', () => {
  it('lives beside the database, is created with mode 0600 and keeps every device', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotwarden-secrets-'));
    const file = new SecretsFile(secretsFileFor(join(dir, 'inventory.db')));
    expect(file.file).toBe(join(dir, 'iotwarden-secrets.json'));
    expect(file.all()).toEqual([]);
    file.put(secret);
    file.put({ ...secret, deviceId: 'dev_2' });
    expect(statSync(file.file).mode & 0o777).toBe(0o600);
    expect(new SecretsFile(file.file).get('dev_2')?.password).toBe(secret.password);
    expect(file.all()).toHaveLength(2);
  });

  it('tightens a file others can read, and refuses one that is not a secrets file without touching it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotwarden-secrets-'));
    const path = join(dir, 'iotwarden-secrets.json');
    const file = new SecretsFile(path);
    file.put(secret);
    chmodSync(path, 0o644);
    expect(file.get('dev_1')).toBeDefined();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, '{"not":"ours"}');
    expect(() => file.put(secret)).toThrow(/not an iotwarden secrets file/);
    writeFileSync(path, 'garbage');
    expect(() => file.all()).toThrow(expect.objectContaining({ code: 'ERR_SECRETS_FILE' }));
  });
});
