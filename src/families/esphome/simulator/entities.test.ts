import { describe, expect, it } from 'vitest';
import { fnv1Hash, objectIdOf, typicalNodeEntities } from './entities.ts';

describe('ESPHome entity ids', () => {
  it('derives object ids as str_snake_case + str_sanitize do', () => {
    expect(objectIdOf('WiFi Signal')).toBe('wifi_signal');
    expect(objectIdOf('ESPHome Version')).toBe('esphome_version');
    expect(objectIdOf('Temp (°C)')).toBe('temp___c_');
  });

  it('hashes keys with 32-bit FNV-1 (multiply before xor)', () => {
    // FNV-1 reference values (Fowler/Noll/Vo test suite): "" is the offset basis, "a" is 0x050c5d7e.
    expect(fnv1Hash('')).toBe(0x811c9dc5);
    expect(fnv1Hash('a')).toBe(0x050c5d7e);
    expect(fnv1Hash('foobar')).toBe(0x31f0b262);
  });

  it('gives every entity of a node a distinct key', () => {
    const keys = typicalNodeEntities().map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
