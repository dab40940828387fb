/**
 * bench:policy — learned profiles → policy YAML → parsed policy → nftables ruleset and dnsmasq lines, for a home of
 * 250 devices with 20 destinations each (cloud names, a pool, local peers by role, mDNS). Measures the whole chain
 * as `policy generate` + `policy export` run it (minus the database reads), BENCH_RUNS times (default 5), and
 * reports the median. Goal (issue 14): < 1 s. The ruleset is also checked with `nft -c` (outside the timing) when
 * this runs as root, so the measured output is a valid ruleset. The YAML parse (the `yaml` package, with positions
 * for line-numbered errors) is most of the time. CPU time and the load average are reported beside the wall time,
 * because a loaded machine stretches wall time without the work changing.
 */
import { cpus, loadavg } from 'node:os';
import { domainClassifier } from '../src/app/dns/classify-domain.ts';
import { compilePolicy } from '../src/app/policy/compile-policy.ts';
import { exportNftables } from '../src/app/policy/export-nftables.ts';
import { generatePolicy } from '../src/app/policy/generate-policy.ts';
import { InventoryIndex } from '../src/app/policy/inventory-index.ts';
import { parsePolicy } from '../src/app/policy/load-policy.ts';
import { checkNftables } from '../src/app/policy/nft-check.ts';
import type { ProfileEntry, TrafficProfile } from '../src/app/policy/profile-types.ts';
import { renderPolicy } from '../src/app/policy/render-policy.ts';
import type { DeviceSummary } from '../src/store/index.ts';

const DEVICES = Number(process.env.BENCH_POLICY_DEVICES ?? 250);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FAMILIES = ['kasa-legacy', 'shelly-gen2', 'hue', 'tasmota', 'esphome'] as const;

function address(i: number): string {
  return `10.${20 + Math.floor(i / 250)}.${Math.floor((i % 250) / 250) + 1}.${(i % 250) + 2}`;
}

function summaries(): DeviceSummary[] {
  return Array.from({ length: DEVICES }, (_, i) => {
    const mac = `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
    const family = FAMILIES[i % FAMILIES.length]!;
    return {
      deviceId: `dev-${String(i).padStart(4, '0')}`,
      name: `device-${i}`,
      family,
      mac,
      address: address(i),
      facts: {
        address: address(i),
        mac,
        sources: ['arp'],
        services: [],
        device: { family, vendor: 'Bench', model: `M${i % 12}` },
      },
    } as unknown as DeviceSummary;
  });
}

function profile(i: number): TrafficProfile {
  const entries: ProfileEntry[] = [];
  const base = { flows: 100, days: 9, firstMs: 0, lastMs: 1 };
  for (let d = 0; d < 14; d++) {
    entries.push({
      ...base,
      direction: 'outbound',
      peer: { kind: 'name', name: `api${d}.vendor${i % 40}.example` },
      protocol: 6,
      port: 443,
    });
  }
  entries.push({
    ...base,
    direction: 'outbound',
    peer: { kind: 'suffix', suffix: `pool${i % 7}.example`, names: [] },
    protocol: 6,
    port: 8883,
  });
  entries.push({
    ...base,
    direction: 'outbound',
    peer: { kind: 'address', address: `203.0.113.${i % 250}` },
    protocol: 17,
    port: 10001,
  });
  entries.push({
    ...base,
    direction: 'outbound',
    peer: { kind: 'group', address: '224.0.0.251' },
    protocol: 17,
    port: 5353,
  });
  entries.push({
    ...base,
    direction: 'outbound',
    peer: { kind: 'local', address: '10.20.1.1', roles: ['router'] },
    protocol: 17,
    port: 53,
  });
  entries.push({
    ...base,
    direction: 'inbound',
    peer: { kind: 'device', deviceId: 'dev-0000', name: 'device-0', roles: ['home-assistant'] },
    protocol: 6,
    port: 80,
  });
  entries.push({
    ...base,
    direction: 'inbound',
    peer: { kind: 'local', address: '10.20.1.9', roles: ['owner-devices'] },
    protocol: 6,
    port: 9999,
  });
  return {
    deviceId: `dev-${String(i).padStart(4, '0')}`,
    deviceName: `device-${i}`,
    family: undefined,
    model: undefined,
    entries,
  };
}

const roles = { router: ['10.20.1.1'], 'home-assistant': ['dev-0000'], 'owner-devices': ['10.20.1.9'] };
const index = new InventoryIndex(summaries(), roles);
const inputs = Array.from({ length: DEVICES }, (_, i) => ({ profile: profile(i), version: 1 }));
const classify = domainClassifier();

const times: number[] = [];
const cpuTimes: number[] = [];
let ruleset = '';
let yamlBytes = 0;
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const text = renderPolicy(generatePolicy(inputs, index, classify));
  const exported = exportNftables(compilePolicy(parsePolicy(text, 'bench.yaml'), index));
  times.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  ruleset = exported.ruleset;
  yamlBytes = text.length;
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const medianMs = times[Math.floor(times.length / 2)]!;
const medianCpuMs = cpuTimes[Math.floor(cpuTimes.length / 2)]!;
const check = await checkNftables(ruleset);
const result = {
  bench: 'policy',
  devices: DEVICES,
  runs: RUNS,
  medianMs: Math.round(medianMs),
  allMs: times.map(Math.round),
  // CPU time of this process: on a shared, loaded machine the wall time also counts waiting for a core.
  medianCpuMs: Math.round(medianCpuMs),
  loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  cores: cpus().length,
  policyYamlBytes: yamlBytes,
  rulesetBytes: ruleset.length,
  rulesetLines: ruleset.split('\n').length,
  nftCheck: check,
  goal: 'median < 1000 ms',
  pass: medianMs < 1000 && (!check.checked || check.ok),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exitCode = result.pass ? 0 : 1;
