import {
  type CaptureReader,
  expectedMacPrefix,
  field,
  requireCaptures,
  type SimulatorCapture,
  text,
} from '../../../lab/core/captures.ts';

/** Gen1 dumps this family was written against (aioshelly fixtures, fixtures README). */
const NAMED = [
  'shelly/gen1_Shelly Air_SHAIR-1_20230913-113804-v1.14.0-gcb84623.json',
  'shelly/gen1_Shelly Gas_SHGS-1_20230913-114427-v1.14.0-gcb84623.json',
];

/**
 * Every Gen1 whole-device dump `{shelly, settings, status}` in ../shared/fixtures/shelly: served as is, it must read
 * back with the capture's type, firmware, hardware revision, vendor prefix and login state.
 */
export function shellyGen1Captures(reader: CaptureReader): SimulatorCapture[] {
  const found = reader
    .list('shelly')
    .filter((name) => /^gen1_.*\.json$/.test(name))
    .map((name): SimulatorCapture => {
      const file = `shelly/${name}`;
      const fixture = reader.json(file);
      const model = text(field(fixture, 'shelly', 'type'));
      const firmware = text(field(fixture, 'shelly', 'fw'));
      if (!model || !firmware) throw new Error(`${file} has no shelly.type or shelly.fw`);
      const hwVersion = text(field(fixture, 'settings', 'hwinfo', 'hw_revision'));
      return {
        file,
        fixture,
        expected: {
          family: 'shelly-gen1',
          model,
          firmware,
          ...(hwVersion ? { hwVersion } : {}),
          macPrefix: expectedMacPrefix(field(fixture, 'shelly', 'mac'), 'shelly-gen1'),
          protocol: 'shelly-http',
          auth: field(fixture, 'settings', 'login', 'enabled') === true ? 'required' : 'none',
        },
      };
    });
  requireCaptures(reader, found, { folder: 'shelly', atLeast: NAMED.length, named: NAMED });
  return found;
}
