import {
  type CaptureReader,
  expectedMacPrefix,
  field,
  type SimulatorCapture,
  text,
} from '../../../lab/core/captures.ts';

const FILE = 'hue/v2_resources.json';

type Resource = Record<string, unknown>;

/**
 * The one Hue capture (aiohue's v2_resources.json, a Hue Bridge Pro; fixtures README): 166 CLIP v2 resources. The
 * bridge's device record names the model and the software version `a.b.c`, whose last part is what v1 /api/config
 * reports as `swversion`. The capture holds no MAC, so the lab's Signify prefix is expected.
 */
export function hueCaptures(reader: CaptureReader): SimulatorCapture[] {
  const fixture = reader.json(FILE);
  const resources = Array.isArray(fixture) ? (fixture as Resource[]) : [];
  const bridge = resources.find((resource) => resource.type === 'bridge');
  const owner = field(bridge, 'owner', 'rid');
  const device = resources.find((resource) => resource.id === owner);
  const model = text(field(device, 'product_data', 'model_id'));
  const software = text(field(device, 'product_data', 'software_version'));
  if (!model || !software) throw new Error(`${FILE} has no bridge device with product_data`);
  const firmware = software.split('.')[2];
  return [
    {
      file: FILE,
      fixture,
      expected: {
        family: 'hue',
        model,
        ...(firmware ? { firmware } : {}),
        macPrefix: expectedMacPrefix(undefined, 'hue'),
        protocol: 'hue-v1',
      },
    },
  ];
}
