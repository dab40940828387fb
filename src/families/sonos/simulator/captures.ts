import {
  type CaptureList,
  expectedMacPrefix,
  requireCaptures,
  type SimulatorCapture,
} from '../../../lab/core/captures.ts';
import { captureField } from './description.ts';
import { sonosKind } from './kind.ts';

const FOLDER = 'sonos/device_description';

/**
 * Every device description in fixtures/sonos/device_description, served by the player it came from: model number,
 * software and hardware version and the Sonos MAC prefix must come back as recorded.
 */
export const sonosCaptures: CaptureList = (reader) => {
  const found: SimulatorCapture[] = [];
  for (const name of reader.list(FOLDER).filter((file) => file.endsWith('.xml'))) {
    const file = `${FOLDER}/${name}`;
    const fixture = reader.text(file);
    const model = captureField(fixture, 'modelNumber');
    if (!model) throw new Error(`${file}: no <modelNumber>`);
    const firmware = captureField(fixture, 'softwareVersion');
    const hwVersion = captureField(fixture, 'hardwareVersion');
    found.push({
      file,
      fixture,
      expected: {
        family: 'sonos',
        model,
        ...(firmware ? { firmware } : {}),
        ...(hwVersion ? { hwVersion } : {}),
        macPrefix: expectedMacPrefix(sonosKind.macFromFixture?.(fixture), 'sonos'),
        protocol: 'sonos-upnp',
        auth: 'none',
      },
    });
  }
  requireCaptures(reader, found, { folder: FOLDER, atLeast: 3, named: [`${FOLDER}/duncan3dc_S3_PLAY3_28.1.xml`] });
  return found;
};
