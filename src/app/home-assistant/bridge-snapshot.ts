/**
 * What the Home Assistant bridge publishes, read from the inventory: the home's report model (scores, findings,
 * rooms) and each device's firmware state with the policy's decision. Also the install guardrail: the same
 * decision `firmware apply --now` would take.
 */
import type { LoadedConfig } from '../../config/load-config.ts';
import type { Store } from '../../store/index.ts';
import { withFirmwareSession } from '../firmware/firmware-session.ts';
import { firmwareStatus, type StatusRow } from '../firmware/firmware-views.ts';
import { homeModel } from '../report/home-views.ts';
import { type BridgeSnapshot, truncateSummary } from './bridge.ts';
import type { FirmwareEntityState } from './discovery-payloads.ts';

/** Actions a `firmware apply --now` carries out: the window is waived; holds, decisions and notify are not. */
const INSTALLABLE = new Set(['install', 'wait-window']);

export async function bridgeSnapshot(
  store: Store,
  config: LoadedConfig,
  version: string,
  nowMs: number,
): Promise<BridgeSnapshot> {
  const model = await homeModel(store);
  const rows = await firmwareRows(store, config, nowMs);
  const byId = new Map(rows.map((row) => [row.device.deviceId, row]));
  return {
    devices: model.devices.map((device) => {
      const row = byId.get(device.id);
      return {
        deviceId: device.id,
        name: device.name ?? device.addresses[0] ?? device.id,
        mac: device.mac ?? undefined,
        vendor: device.vendor ?? undefined,
        model: device.model ?? undefined,
        area: device.context?.area ?? undefined,
        score: device.score,
        scanned: device.context?.scanned ?? true,
        problems: device.findings
          .filter((f) => f.severity === 'critical' || f.severity === 'high')
          .map((f) => ({ checkId: f.checkId, severity: f.severity, title: f.title })),
        firmware: row ? firmwareEntity(row) : undefined,
      };
    }),
    hub: {
      homeScore: model.homeScore,
      findings: model.summary.findings,
      decisionsNeeded: rows.filter((row) => row.decision.action === 'decision-needed').length,
      version,
    },
  };
}

/** May this device install now, by the policy `firmware apply --now` follows? */
export async function installGuard(
  store: Store,
  config: LoadedConfig,
  deviceId: string,
  nowMs: number,
): Promise<{ allowed: boolean; reason: string }> {
  const row = (await firmwareRows(store, config, nowMs)).find((r) => r.device.deviceId === deviceId);
  if (!row)
    return { allowed: false, reason: 'no family adapter identified this device, so iotwarden cannot update it' };
  if (row.decision.action === 'up-to-date') return { allowed: false, reason: 'it is already up to date' };
  return { allowed: INSTALLABLE.has(row.decision.action), reason: row.decision.reason };
}

function firmwareRows(store: Store, config: LoadedConfig, nowMs: number): Promise<StatusRow[]> {
  return withFirmwareSession(store, { config, readonly: true, nowMs, actor: 'cli' }, firmwareStatus);
}

function firmwareEntity(row: StatusRow): FirmwareEntityState {
  const { state, decision, device } = row;
  const installable = INSTALLABLE.has(decision.action);
  const summary = installable ? `Installs through iotwarden's guardrails. ${decision.reason}` : decision.reason;
  return {
    installed_version: state.installed ?? null,
    // HA shows "update available" when the two differ; a version iotwarden will not install is still shown as newer.
    latest_version: state.latest ?? state.installed ?? null,
    title: [device.vendor, device.model, 'firmware'].filter(Boolean).join(' '),
    release_summary: truncateSummary(summary),
    release_url: state.cvesFixed.flatMap((c) => c.sources)[0] ?? null,
    in_progress: false,
    update_percentage: null,
  };
}
