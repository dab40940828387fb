/**
 * `iotwarden sources import` and `sources test`: the home's device sources as configured (Home Assistant, DHCP
 * lease files; Pi-hole's network table and DNS clients arrive with `dns import`). Each source is read on its own: a
 * failing one is reported with its stable code and what it was, and changes nothing; the others still import.
 * Secrets are read from the environment here, at the last moment, and never returned.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import { UsageError } from '../../errors/index.ts';
import { leaseSightings } from '../../sources/dhcp/lease-sightings.ts';
import { withHomeAssistant } from '../../sources/home-assistant/client.ts';
import { SOURCE_ERROR_CODES, SourceError } from '../../sources/source-error.ts';
import { readUnifi, type UnifiSnapshot } from '../../sources/unifi/client.ts';
import { unifiSightings } from '../../sources/unifi/sightings.ts';
import type { Store } from '../../store/index.ts';
import { importHomeAssistant } from './import-home-assistant.ts';

/** One configured source, without its secret. */
export interface DeviceSourceRef {
  source: 'home-assistant' | 'dhcp-leases' | 'unifi';
  location: string;
}

export type DeviceSourceOutcome =
  | { ok: true; ref: DeviceSourceRef; detail: string; devices: number; matched: number; created: number }
  | { ok: false; ref: DeviceSourceRef; code: string; message: string };

export interface DeviceSourcesOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  nowMs?: () => number;
}

/** Every source configured, in the order they are read. */
export function configuredSources(config: IotwardenConfig): DeviceSourceRef[] {
  const refs: DeviceSourceRef[] = [];
  if (config.homeAssistant?.url) refs.push({ source: 'home-assistant', location: config.homeAssistant.url });
  for (const file of config.sources.dhcp) refs.push({ source: 'dhcp-leases', location: file });
  if (config.sources.unifi) refs.push({ source: 'unifi', location: config.sources.unifi.url });
  return refs;
}

/** Imports every configured source into the inventory. */
export async function importDeviceSources(
  store: Store,
  config: IotwardenConfig,
  options: DeviceSourcesOptions,
): Promise<DeviceSourceOutcome[]> {
  const refs = requireSources(config);
  const now = options.nowMs ?? Date.now;
  const outcomes: DeviceSourceOutcome[] = [];
  for (const ref of refs) {
    outcomes.push(
      await outcomeOf(ref, async () => {
        if (ref.source === 'home-assistant') {
          const result = await importHomeAssistant(store, haOptions(config, ref, options), now);
          return {
            detail: `Home Assistant ${result.haVersion}: ${result.devices} devices, ${result.areas} areas, ${result.floors} floors, ${result.configEntries} integrations`,
            devices: result.devices,
            matched: result.matched,
            created: result.created,
          };
        }
        if (ref.source === 'unifi') {
          const snapshot = await readUnifi(unifiOptions(config, ref, options));
          const sightings = unifiSightings(snapshot, ref.location, now());
          const result = await store.recordSightings(sightings);
          return { detail: unifiDetail(snapshot), devices: sightings.length, ...result };
        }
        const sightings = leaseSightings(ref.location, now());
        const result = await store.recordSightings(sightings);
        return { detail: `${sightings.length} leases`, devices: sightings.length, ...result };
      }),
    );
  }
  return outcomes;
}

/** Checks each configured source can be read (auth, reachability, version) without changing the inventory. */
export async function testDeviceSources(
  config: IotwardenConfig,
  options: DeviceSourcesOptions,
): Promise<DeviceSourceOutcome[]> {
  const outcomes: DeviceSourceOutcome[] = [];
  for (const ref of requireSources(config)) {
    outcomes.push(
      await outcomeOf(ref, async () => {
        if (ref.source === 'home-assistant') {
          const snapshot = await withHomeAssistant(haOptions(config, ref, options), (ha) => ha.snapshot());
          return {
            detail: `Home Assistant ${snapshot.haVersion}, token accepted, ${snapshot.devices.length} devices readable`,
            devices: snapshot.devices.length,
            matched: 0,
            created: 0,
          };
        }
        if (ref.source === 'unifi') {
          const snapshot = await readUnifi(unifiOptions(config, ref, options));
          return {
            detail: `login accepted; ${unifiDetail(snapshot)}`,
            devices: snapshot.clients.length,
            matched: 0,
            created: 0,
          };
        }
        const sightings = leaseSightings(ref.location, Date.now());
        return { detail: `${sightings.length} leases readable`, devices: sightings.length, matched: 0, created: 0 };
      }),
    );
  }
  return outcomes;
}

function requireSources(config: IotwardenConfig): DeviceSourceRef[] {
  const refs = configuredSources(config);
  if (refs.length === 0) {
    throw new UsageError(
      'no device source configured: set homeAssistant.url (with tokenEnv), sources.dhcp or sources.unifi in iotwarden.yaml',
      { code: 'ERR_NO_DEVICE_SOURCE' },
    );
  }
  return refs;
}

function haOptions(config: IotwardenConfig, ref: DeviceSourceRef, options: DeviceSourcesOptions) {
  const tokenEnv = config.homeAssistant?.tokenEnv;
  const token = tokenEnv ? options.env[tokenEnv] : undefined;
  if (!token) {
    throw new SourceError(
      SOURCE_ERROR_CODES.auth,
      'Home Assistant',
      ref.location,
      `no token: set the environment variable ${tokenEnv ?? '(homeAssistant.tokenEnv)'} to a long-lived access token`,
    );
  }
  return { url: ref.location, token, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) };
}

function unifiOptions(config: IotwardenConfig, ref: DeviceSourceRef, options: DeviceSourcesOptions) {
  const unifi = config.sources.unifi!;
  const password = options.env[unifi.passwordEnv];
  if (!password) {
    throw new SourceError(
      SOURCE_ERROR_CODES.auth,
      'UniFi',
      ref.location,
      `no password: set the environment variable ${unifi.passwordEnv}`,
    );
  }
  return {
    url: ref.location,
    username: unifi.username,
    password,
    site: unifi.site,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}

function unifiDetail(snapshot: UnifiSnapshot): string {
  const ssids = snapshot.wlans.map((w) => `${w.name} (${w.wpaMode ?? w.security ?? 'unknown'})`).join(', ');
  return `${snapshot.clients.length} clients, SSIDs ${ssids || 'none'}, ${snapshot.networks.length} networks`;
}

type Imported = { detail: string; devices: number; matched: number; created: number };

/** Runs one source; its own failures become an outcome, anything else (the store failing) propagates. */
async function outcomeOf(ref: DeviceSourceRef, work: () => Promise<Imported>): Promise<DeviceSourceOutcome> {
  try {
    return { ok: true, ref, ...(await work()) };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return { ok: false, ref, code: error.code, message: error.message };
  }
}
