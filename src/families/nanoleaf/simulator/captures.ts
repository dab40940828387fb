import {
  type CaptureReader,
  expectedMacPrefix,
  jsonFiles,
  requireCaptures,
  type SimulatorCapture,
  text,
} from '../../../lab/core/captures.ts';

const FOLDER = 'nanoleaf/device_info';

/**
 * The openHAB device-info captures (fixtures README): whole `GET /api/v1/<token>/` answers of four controllers. The
 * lab serves each with `fixture:`; without a token the product reads model and firmware from the mDNS TXT the lab
 * announces from the capture, and sees the API refuse it (401), so `auth` is `required`. The captures hold no MAC.
 */
export function nanoleafCaptures(reader: CaptureReader): SimulatorCapture[] {
  const captures = jsonFiles(reader, FOLDER).map((file): SimulatorCapture => {
    const fixture = reader.json(file) as Record<string, unknown>;
    const model = text(fixture.model);
    const firmware = text(fixture.firmwareVersion);
    if (!model || !firmware) throw new Error(`${file} has no model or firmwareVersion`);
    return {
      file,
      fixture,
      expected: {
        family: 'nanoleaf',
        model,
        firmware,
        macPrefix: expectedMacPrefix(undefined, 'nanoleaf'),
        protocol: 'nanoleaf-http',
        auth: 'required',
      },
    };
  });
  requireCaptures(reader, captures, { folder: FOLDER, atLeast: 4 });
  return captures;
}
