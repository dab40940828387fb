import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplyEnvironment } from '../../src/app/firmware/apply-types.ts';
import { loadPolicy } from '../../src/app/firmware/policy-engine.ts';
import { runRollouts } from '../../src/app/firmware/rollout-engine.ts';
import type { RolloutCandidate, RolloutReport } from '../../src/app/firmware/rollout-types.ts';
import type { FirmwareState, FixedAdvisory, KnownBreakage } from '../../src/app/firmware/types.ts';
import type { FirmwarePolicyConfig } from '../../src/config/firmware-policy-schema.ts';
import { firmwarePolicyConfigSchema } from '../../src/config/firmware-policy-schema.ts';
import type { HostFacts } from '../../src/families/facts.ts';
import type { FirmwareRepository } from '../../src/store/firmware-repository.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import type { RolloutRepository } from '../../src/store/rollout-repository.ts';
import type { FirmwareLab, LabDevice } from './firmware-lab.ts';

/**
 * A rollout engine wired as the CLI wires it, with two differences: the firmware state of each device is written
 * by the test (the catalogue's view: latest version, breakages, CVEs), and the inventory is a map that the engine's
 * post-update scans refresh, as they refresh the store.
 */

export interface StateOverrides {
  latest: string;
  /** What the device itself offers; default `latest`. `null`: the device offers nothing (catalogue-only). */
  deviceLatest?: string | null;
  breakages?: KnownBreakage[];
  cvesFixed?: FixedAdvisory[];
}

export class RolloutHarness {
  readonly lab: FirmwareLab;
  readonly dir = mkdtempSync(join(tmpdir(), 'iotwarden-rollout-'));
  readonly file = join(this.dir, 'inventory.db');
  config: FirmwarePolicyConfig;
  readonly candidates = new Map<string, RolloutCandidate>();
  store: Store | undefined;
  rollouts!: RolloutRepository;
  firmware!: FirmwareRepository;

  constructor(lab: FirmwareLab, config: unknown = {}) {
    this.lab = lab;
    this.config = firmwarePolicyConfigSchema.parse(config);
  }

  async open(): Promise<this> {
    this.store = await openStore(this.file);
    this.firmware = this.store.firmware;
    this.rollouts = this.store.rollouts;
    return this;
  }

  /** A fresh engine on the same database, as after the process was killed and started again. */
  async restart(): Promise<void> {
    await this.store?.close();
    await this.open();
  }

  /** Scans a lab device and registers it with the firmware state the test gives it. */
  async register(device: LabDevice, overrides: StateOverrides): Promise<RolloutCandidate> {
    const facts = await this.lab.scan(device);
    const candidate = candidateOf(`dev_${device.name}`, device.name, facts, overrides);
    this.candidates.set(candidate.device.deviceId, candidate);
    return candidate;
  }

  run(
    options: { now?: boolean; signal?: AbortSignal; only?: string[]; apply?: Partial<ApplyEnvironment> } = {},
  ): Promise<RolloutReport> {
    return runRollouts({
      rollouts: this.rollouts,
      firmware: this.firmware,
      candidates: async () => [...this.candidates.values()],
      policy: async () => loadPolicy(this.config, await this.firmware.activeHolds(), { timeZone: 'UTC' }),
      apply: this.lab.environment({ ...(options.signal ? { signal: options.signal } : {}), ...options.apply }),
      actor: 'cli',
      now: options.now ?? false,
      ...(options.only ? { onlyDevices: new Set(options.only.map((n) => `dev_${n}`)) } : {}),
      recordFacts: async (facts) => this.#refresh(facts),
    });
  }

  #refresh(facts: HostFacts): void {
    for (const candidate of this.candidates.values()) {
      if (candidate.device.address !== facts.address) continue;
      const installed = facts.device?.firmware.installed;
      candidate.facts = facts;
      candidate.state = { ...candidate.state, installed, updateAvailable: installed !== candidate.state.latest };
      candidate.device = {
        ...candidate.device,
        openTcpPorts: openPorts(facts),
        protocols: facts.device?.protocols ?? [],
      };
    }
  }

  async close(): Promise<void> {
    await this.store?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function openPorts(facts: HostFacts): number[] {
  return facts.services.filter((s) => s.transport === 'tcp').map((s) => s.port);
}

/** The firmware view of one scanned device with a newer version available. */
export function candidateOf(
  deviceId: string,
  name: string,
  facts: HostFacts,
  overrides: StateOverrides,
): RolloutCandidate {
  const device = facts.device;
  const installed = device?.firmware.installed;
  const state: FirmwareState = {
    deviceId,
    installed,
    latest: overrides.latest,
    latestSource: 'catalogue',
    deviceLatest: overrides.deviceLatest === null ? undefined : (overrides.deviceLatest ?? overrides.latest),
    catalogueLatest: overrides.latest,
    installedReleaseDate: undefined,
    updateAvailable: installed !== overrides.latest,
    autoUpdate: device?.firmware.autoUpdate,
    releaseDate: undefined,
    cvesFixed: overrides.cvesFixed ?? [],
    belowMinimum: undefined,
    breakages: overrides.breakages ?? [],
    catalogueSerial: 1,
    limitations: [],
  };
  return {
    device: {
      deviceId,
      name,
      address: facts.address,
      family: device?.family,
      vendor: device?.vendor,
      model: device?.model,
      hwVersion: device?.hwVersion,
      mac: facts.mac ?? device?.mac,
      openTcpPorts: openPorts(facts),
      protocols: device?.protocols ?? [],
      observedMs: 0,
    },
    state,
    facts,
  };
}

/** 2026-01-01 03:30 UTC: inside the default 03:00–05:00 window (the harness's policy runs in UTC). */
export const IN_WINDOW_MS = Date.UTC(2026, 0, 1, 3, 30);
/** 2026-01-01 12:00 UTC: outside it. */
export const OUT_OF_WINDOW_MS = Date.UTC(2026, 0, 1, 12, 0);
