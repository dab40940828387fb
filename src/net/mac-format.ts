/** `AA:BB:CC:DD:EE:FF` from any of the three styles TP-Link devices use (`aa:bb…`, `AABBCC…`, `AA-BB-…`). */
export function canonicalMac(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.length === 12 ? (hex.match(/../g) ?? []).join(':') : undefined;
}
