/**
 * The Settings page's one read: what iotwarden.yaml says about networks, credentials (by reference), the firmware
 * policy and notification targets, each section with the file and key to edit. The file stays the source of truth
 * (docs/decisions/settings-read-only.md): this view changes nothing, and nothing secret leaves it.
 */
import { resolve } from 'node:path';
import type { LoadedConfig } from '../../config/load-config.ts';
import type { Store } from '../../store/index.ts';
import type { ServeStore } from '../../store/serve-store.ts';
import { type CredentialRefs, credentialRefs } from './credential-refs.ts';
import { type FirmwarePolicyView, firmwarePolicyView } from './firmware-policy-view.ts';
import { type NotificationsView, notificationsView } from './notification-targets-view.ts';

/** Where to change a section: the config file (null when there is none yet) and its keys. */
export interface EditHint {
  file: string | null;
  keys: string[];
}

export interface NetworksView {
  ranges: string[];
  ports: string;
  credentialChecks: boolean;
  dhcpLeases: string[];
  scanSchedule: string;
}

export interface SettingsView {
  /** The config file in use (absolute), or null: no file was found and the built-in defaults apply. */
  configFile: string | null;
  networks: NetworksView & { edit: EditHint };
  credentials: CredentialRefs & { edit: EditHint };
  firmware: FirmwarePolicyView & { edit: EditHint };
  notifications: NotificationsView & { edit: EditHint };
}

export interface ReadSettingsInput {
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  /** The inventory database, whose secrets file sits beside it; undefined when there is none. */
  dbFile: string | undefined;
  inventory: Store;
  serveStore: ServeStore;
}

/** How many recent failed or retrying deliveries are read to fill the targets' failures. */
const DELIVERIES_READ = 200;

export async function readSettings(input: ReadSettingsInput): Promise<SettingsView> {
  const { config, file } = input.loaded;
  const configFile = file === undefined ? null : resolve(file);
  const edit = (...keys: string[]): EditHint => ({ file: configFile, keys });
  const [failed, pending, holds] = await Promise.all([
    input.serveStore.deliveries({ state: 'failed', limit: DELIVERIES_READ }),
    input.serveStore.deliveries({ state: 'pending', limit: DELIVERIES_READ }),
    input.inventory.firmware.activeHolds(),
  ]);
  const leases = [...(config.scan.dhcpLeases ? [config.scan.dhcpLeases] : []), ...config.sources.dhcp];
  return {
    configFile,
    networks: {
      ranges: config.networks,
      ports: config.scan.ports ?? 'default',
      credentialChecks: config.scan.credentialChecks ?? true,
      dhcpLeases: leases,
      scanSchedule: config.serve.scan,
      edit: edit('networks', 'scan', 'serve.scan', 'sources.dhcp'),
    },
    credentials: {
      ...credentialRefs(config, input.env, input.dbFile),
      edit: edit('credentials', 'homeAssistant', 'sources.unifi', 'dns.sources'),
    },
    firmware: { ...firmwarePolicyView(config.firmware, holds.length), edit: edit('firmware') },
    notifications: {
      ...notificationsView(config, input.env, [...failed, ...pending]),
      edit: edit('notifications.targets', 'notifications.timeZone'),
    },
  };
}
