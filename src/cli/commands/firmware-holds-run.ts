/** `firmware hold` and `firmware release`, the implementation (definitions in firmware-holds.ts). */
import { holdFirmware, releaseFirmware } from '../../app/firmware/firmware-holds.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import type { CliDeps } from '../deps.ts';
import { type StoreFlags, withFirmware } from '../firmware-context.ts';
import { holdText, releaseText } from '../output/firmware-text.ts';

/** The options `firmware hold` parses. */
export interface FirmwareHoldOptions extends StoreFlags {
  reason: string;
  until: string;
  json?: true | undefined;
}

export async function runFirmwareHold(ref: string, options: FirmwareHoldOptions, deps: CliDeps): Promise<void> {
  const request = { reason: options.reason, until: options.until };
  const { target, hold } = await withFirmware(options, deps, 'write', (s) => holdFirmware(s, ref, request));
  deps.out.write(options.json ? jsonText({ hold }) : holdText(target, hold));
}

export async function runFirmwareRelease(
  ref: string,
  options: StoreFlags & { json?: true | undefined },
  deps: CliDeps,
): Promise<void> {
  const { released } = await withFirmware(options, deps, 'write', (session) => releaseFirmware(session, ref));
  deps.out.write(options.json ? jsonText({ released }) : releaseText(ref, released));
}
