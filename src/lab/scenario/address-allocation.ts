/**
 * Gives every scenario device an address: the one it names, or the next free one in the scenario's network.
 * Two devices on one address would fight over the same ports, so a duplicate is an error, not a merge.
 */
export function allocateAddresses(
  requested: ReadonlyArray<string | undefined>,
  network: string,
  fail: (index: number, message: string) => never,
): string[] {
  const taken = new Map<string, number>();
  requested.forEach((address, index) => {
    if (address === undefined) return;
    const other = taken.get(address);
    if (other !== undefined) fail(index, `duplicate address ${address} (also device ${other + 1})`);
    taken.set(address, index);
  });
  const [base, bitsText] = network.split('/') as [string, string];
  const bits = Number(bitsText);
  const start = ipToInt(base) & (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);
  const size = 2 ** (32 - bits);
  // Skip the network's .0 and .1: 127.x.y.1 is easily mistaken for the host itself.
  let cursor = 2;
  return requested.map((address, index) => {
    if (address !== undefined) return address;
    for (; cursor < size - 1; cursor++) {
      const candidate = intToIp((start + cursor) >>> 0);
      if (candidate.endsWith('.0') || candidate.endsWith('.255') || taken.has(candidate)) continue;
      taken.set(candidate, index);
      cursor++;
      return candidate;
    }
    return fail(index, `network ${network} has no free address left`);
  });
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

export function intToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}
