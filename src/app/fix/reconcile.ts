/**
 * Settles changes a killed run left `started` (journal written, device maybe changed, never verified): the device
 * is read, and the journal says what it shows. A device that cannot be read keeps its entry started, and no new
 * change is made to it until it can (one change at a time per device, even across runs).
 */
import { emptyDeviceFacts } from '../../families/facts.ts';
import type { InstallDevice } from '../../families/installer.ts';
import type { SettingChange } from '../../families/setting-fix.ts';
import type { FixJournalEntry } from '../../store/index.ts';
import type { ChangeTools } from './apply-change.ts';
import type { ReconcileResult } from './apply-types.ts';
import { settingFixById } from './fix-catalogue.ts';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function reconcileOne(tools: ChangeTools, entry: FixJournalEntry): Promise<ReconcileResult> {
  const { env } = tools;
  const stored = await env.store.device(entry.deviceId);
  const planned = {
    deviceId: entry.deviceId,
    name: stored?.name,
    address: stored?.address ?? entry.address,
    family: stored?.family,
  };
  const change = entry.change as SettingChange;
  const facts = stored?.facts.device ?? emptyDeviceFacts('generic', 'unknown');
  const fix = stored ? settingFixById(stored.facts, entry.fixId) : undefined;
  if (!fix) {
    return {
      device: planned,
      fixId: entry.fixId,
      status: 'unknown',
      detail: 'the device or its fix is no longer known',
    };
  }
  const device: InstallDevice = {
    address: planned.address,
    facts,
    connectPort: (port, transport) => env.connectPort()(planned.address, port, transport),
  };
  let value: string;
  try {
    value = (await fix.read(device, tools.context(tools.credentials.lookup), change)).value;
  } catch (error) {
    if (env.signal.aborted) throw error;
    const detail = `an interrupted change of its ${change.setting} is still unsettled: the device could not be read (${message(error)}); it is left alone until it can`;
    return { device: planned, fixId: entry.fixId, status: 'unknown', detail };
  }
  const applied = value === change.after;
  const detail = applied
    ? `an interrupted change of its ${change.setting} to ${change.after} had reached the device: recorded as done`
    : `an interrupted change of its ${change.setting} had not reached the device (it reports ${value}): recorded as not made`;
  await env.store.fixes.finish(entry.id, applied ? 'done' : 'failed', `reconciled: ${detail}`, env.clock.now());
  await env.store.firmware.appendAudit({
    timeMs: env.clock.now(),
    actor: env.actor ?? 'cli',
    action: 'fix-reconcile',
    deviceId: entry.deviceId,
    result: applied ? 'ok' : 'failed',
    detail,
    data: { fixId: entry.fixId, change, reading: value },
  });
  return { device: planned, fixId: entry.fixId, status: applied ? 'done' : 'failed', detail };
}

/** Every unfinished change, oldest first. */
export async function reconcileUnfinished(tools: ChangeTools): Promise<ReconcileResult[]> {
  const results: ReconcileResult[] = [];
  for (const entry of await tools.env.store.fixes.unfinished()) results.push(await reconcileOne(tools, entry));
  return results;
}
