/** `firmware log`, the implementation: loaded only when it runs (definition in firmware-log.ts). */
import { firmwareLog } from '../../app/firmware/firmware-views.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import type { CliDeps } from '../deps.ts';
import { firmwareTableWidth, type StoreFlags, withFirmware } from '../firmware-context.ts';
import { renderLog } from '../output/firmware-text.ts';

/** The options `firmware log` parses. */
export interface FirmwareLogOptions extends StoreFlags {
  device?: string | undefined;
  limit?: number | undefined;
  json?: true | undefined;
}

export async function runFirmwareLog(options: FirmwareLogOptions, deps: CliDeps): Promise<void> {
  const filter = { device: options.device, limit: options.limit };
  const log = await withFirmware(options, deps, 'read', (session) => firmwareLog(session, filter));
  deps.out.write(options.json ? jsonText({ entries: log.entries }) : `${renderLog(log, firmwareTableWidth(deps))}\n`);
}
