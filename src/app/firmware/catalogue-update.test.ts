import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import { openStore, type Store } from '../../store/index.ts';
import { FirmwareCatalogue } from './catalogue.ts';
import { CATALOGUE_ERROR_CODES } from './catalogue-errors.ts';
import { activeCatalogue } from './catalogue-load.ts';
import { catalogueDocumentSchema } from './catalogue-schema.ts';
import { signCatalogue } from './catalogue-sign.ts';
import { trustedKeyFromPem } from './catalogue-signature.ts';
import { updateCatalogue } from './catalogue-update.ts';

function keyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function catalogueText(serial: number, extra: Record<string, unknown> = {}): string {
  const document = {
    format: 'iotwarden-firmware-catalogue',
    formatVersion: 1,
    serial,
    published: '2026-11-20',
    models: [
      {
        family: 'shelly',
        vendor: 'Shelly',
        models: ['SHSW-25'],
        name: 'Shelly 2.5',
        releases: [{ version: `v1.${serial}.0` }],
      },
    ],
    ...extra,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const trusted = keyPair();
const stranger = keyPair();
const trustedKeys = [trustedKeyFromPem(trusted.publicPem, 'test key')];
const bundled = new FirmwareCatalogue(catalogueDocumentSchema.parse(JSON.parse(catalogueText(1))), {
  kind: 'bundled',
  keyId: trustedKeys[0]!.keyId,
  sha256: 'b'.repeat(64),
  source: 'test bundle',
});

let dir: string;
let inventory: Store;
let store: FirmwareRepository;
const now = Date.UTC(2026, 10, 26);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iotwarden-catalogue-'));
  inventory = await openStore(join(dir, 'inventory.db'));
  store = inventory.firmware;
});
afterEach(async () => {
  await inventory.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a catalogue and (unless `sig` is false) its detached signature; returns the catalogue path. */
function writeSigned(name: string, text: string, key = trusted.privatePem, sig = true): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  if (sig) writeFileSync(`${file}.sig`, JSON.stringify(signCatalogue(Buffer.from(text), key, file).signature));
  return file;
}

const update = (from: string, extra: Partial<Parameters<typeof updateCatalogue>[0]> = {}) =>
  updateCatalogue({ from, store, actor: 'cli', nowMs: now, trustedKeys, bundled, ...extra });
const active = () => activeCatalogue(store, { trustedKeys, bundled });

describe('catalog update', () => {
  it('accepts a catalogue with a detached signature by a trusted key, stores it and audit-logs it', async () => {
    const result = await update(writeSigned('cat.json', catalogueText(2)));
    expect(result).toMatchObject({ changed: true, previousSerial: 1, serial: 2, keyId: trustedKeys[0]!.keyId });
    const current = await active();
    expect(current.serial).toBe(2);
    expect(current.origin.kind).toBe('store');
    const [entry] = await store.auditEntries();
    expect(entry).toMatchObject({ action: 'catalogue-update', result: 'ok', actor: 'cli' });
    expect(entry?.detail).toContain('1 → 2');
    // The same file again changes nothing.
    expect((await update(join(dir, 'cat.json'))).changed).toBe(false);
  });

  it('accepts an embedded (envelope) signature', async () => {
    const file = join(dir, 'cat.signed.json');
    writeFileSync(file, signCatalogue(Buffer.from(catalogueText(3)), trusted.privatePem, 'x').envelope);
    expect((await update(file)).serial).toBe(3);
  });

  const refusals: Array<[string, () => string, string]> = [
    [
      'unsigned',
      () => writeSigned('unsigned.json', catalogueText(2), trusted.privatePem, false),
      CATALOGUE_ERROR_CODES.unsigned,
    ],
    [
      'signed by an unknown key',
      () => writeSigned('stranger.json', catalogueText(2), stranger.privatePem),
      CATALOGUE_ERROR_CODES.unknownKey,
    ],
    [
      'tampered by one byte',
      () => {
        const file = writeSigned('tampered.json', catalogueText(2));
        const bytes = readFileSync(file);
        const at = bytes.indexOf('v1.2.0') + 3;
        bytes[at] = '9'.charCodeAt(0);
        writeFileSync(file, bytes);
        return file;
      },
      CATALOGUE_ERROR_CODES.badSignature,
    ],
    [
      'a tampered envelope payload',
      () => {
        const file = join(dir, 'env.json');
        const envelope = signCatalogue(Buffer.from(catalogueText(2)), trusted.privatePem, 'x').envelope;
        writeFileSync(file, envelope.replace('v1.2.0', 'v1.9.0'));
        return file;
      },
      CATALOGUE_ERROR_CODES.badSignature,
    ],
    [
      'not JSON',
      () => writeSigned('garbage.json', 'this is not a catalogue', trusted.privatePem, false),
      CATALOGUE_ERROR_CODES.format,
    ],
    [
      'signed but the wrong format',
      () => {
        const file = join(dir, 'wrong.json');
        writeFileSync(file, '{"hello":"world"}');
        // Sign the raw bytes directly: signCatalogue itself refuses to sign a non-catalogue.
        const signature = signCatalogue(Buffer.from(catalogueText(2)), trusted.privatePem, 'x').signature;
        writeFileSync(`${file}.sig`, JSON.stringify(signature));
        return file;
      },
      CATALOGUE_ERROR_CODES.badSignature,
    ],
    [
      'older than the one in use',
      () => writeSigned('old.json', catalogueText(1, { published: '2020-01-01' })),
      CATALOGUE_ERROR_CODES.stale,
    ],
    ['a missing file', () => join(dir, 'nope.json'), CATALOGUE_ERROR_CODES.fetch],
    [
      'dated 2099, though signed by a trusted key',
      () => writeSigned('future.json', catalogueText(3, { published: '2099-01-01' })),
      CATALOGUE_ERROR_CODES.future,
    ],
    [
      'dated two days ahead of the clock',
      () => writeSigned('ahead.json', catalogueText(3, { published: '2026-11-28' })),
      CATALOGUE_ERROR_CODES.future,
    ],
    [
      'dated on a day that does not exist',
      () => writeSigned('no-day.json', catalogueText(3, { published: '2026-02-30' })),
      CATALOGUE_ERROR_CODES.format,
    ],
  ];

  for (const [what, make, code] of refusals) {
    it(`refuses a catalogue ${what} with ${code}, keeping the one in use`, async () => {
      await update(writeSigned('good.json', catalogueText(2)));
      const file = make();
      await expect(update(file)).rejects.toMatchObject({ code });
      const current = await active();
      expect(current.serial).toBe(2);
      expect(current.document.models[0]?.releases[0]?.version).toBe('v1.2.0');
      const entries = await store.auditEntries();
      expect(entries.at(-1)).toMatchObject({ action: 'catalogue-update', result: 'refused', data: { code } });
    });
  }

  it('accepts a catalogue dated tomorrow: a signer ahead in time zone, or a clock a little slow', async () => {
    // now is 2026-11-26 00:00 UTC; 2026-11-27 starts exactly 24 h later, the edge of the allowance.
    const result = await update(writeSigned('tomorrow.json', catalogueText(2, { published: '2026-11-27' })));
    expect(result).toMatchObject({ changed: true, serial: 2, published: '2026-11-27' });
  });

  it('refuses signed content that is not a catalogue with ERR_CATALOGUE_FORMAT', async () => {
    const { signPayload } = await import('./catalogue-signature.ts');
    const file = join(dir, 'not-a-catalogue.json');
    writeFileSync(file, '{"format":"something-else"}');
    writeFileSync(`${file}.sig`, JSON.stringify(signPayload(readFileSync(file), trusted.privatePem)));
    await expect(update(file)).rejects.toMatchObject({ code: CATALOGUE_ERROR_CODES.format });
  });

  it('skips a stored catalogue that no longer verifies (edited in the database) and says so', async () => {
    await update(writeSigned('good.json', catalogueText(2)));
    await inventory.close();
    const raw = new Database(join(dir, 'inventory.db'));
    raw.prepare("UPDATE firmware_catalogues SET payload = replace(payload, 'v1.2.0', 'v1.8.0')").run();
    raw.close();
    inventory = await openStore(join(dir, 'inventory.db'));
    store = inventory.firmware;
    const warnings: string[] = [];
    const current = await activeCatalogue(store, { trustedKeys, bundled, onWarning: (m) => warnings.push(m) });
    expect(current.serial).toBe(1);
    expect(warnings[0]).toContain(CATALOGUE_ERROR_CODES.badSignature);
  });
});

describe('catalog sign', () => {
  it('refuses keys that are not Ed25519 and files that are not catalogues', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => signCatalogue(Buffer.from(catalogueText(2)), rsa.toString(), 'x')).toThrow(
      expect.objectContaining({ code: CATALOGUE_ERROR_CODES.key }),
    );
    expect(() => signCatalogue(Buffer.from('{"format":"nope"}'), trusted.privatePem, 'x')).toThrow(
      expect.objectContaining({ code: CATALOGUE_ERROR_CODES.format }),
    );
  });
});
