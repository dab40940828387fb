import { intToIp, ipToInt } from '../src/lab/scenario/address-allocation.ts';

/**
 * A generated home of N devices of mixed kinds for benchmarks: mostly Shellys and Kasa plugs (as in real homes),
 * sprinkled with the other kinds. Deterministic: device i always gets the same kind and address.
 */
const MIX = [
  { kind: 'shelly-gen1', model: 'SHSW-1' },
  { kind: 'shelly-gen2', model: 'SNSW-001P16EU' },
  { kind: 'shelly-gen2', model: 'SNPL-00112EU' },
  { kind: 'kasa-legacy', model: 'HS103(US)' },
  { kind: 'kasa-legacy', model: 'HS110(EU)' },
  { kind: 'kasa-smart', model: 'P110' },
  { kind: 'hue', model: 'BSB002' },
  { kind: 'tasmota', model: 'Sonoff Basic' },
  { kind: 'esphome' },
  { kind: 'ip-camera' },
  { kind: 'nas' },
  { kind: 'cloud-device', profile: 'speaker' },
  { kind: 'trusted-device', profile: 'laptop' },
] as const;

export function generatedHome(options: { devices: number; network: string }): Record<string, unknown> {
  const [base] = options.network.split('/') as [string];
  const start = ipToInt(base);
  let cursor = start + 1;
  const nextAddress = (): string => {
    // Skip .0, .1 and .255 of every /24 inside a larger network.
    for (;;) {
      cursor += 1;
      const last = cursor & 255;
      if (last > 1 && last < 255) return intToIp(cursor);
    }
  };
  const devices = Array.from({ length: options.devices }, (_, i) => {
    const template = MIX[i % MIX.length] as Record<string, string>;
    return { name: `${template.kind}-${i + 1}`, address: nextAddress(), ...template };
  });
  return { name: `generated-${options.devices}`, network: options.network, devices };
}
