import { type CaptureList, requireCaptures, type SimulatorCapture } from '../../../lab/core/captures.ts';
import { ouiOfKind } from '../../../lab/core/mac-assign.ts';
import { captureModel, captureRevision } from './eureka.ts';
import { castSettings } from './settings.ts';

const FOLDER = 'cast/eureka_info';
const DOCUMENTED = 'cast/documented/GHLocalApi_GoogleHome.openapi3.json';

/**
 * The `eureka_info` replies of fixtures/cast: the two pasted into GitHub issues (flat shape; one not valid JSON as
 * pasted) and the example GHLocalApi recorded from a Google Home (nested). Firmware must come back as recorded; the
 * model where the reply names one (nested `device_info.model_name`), else the mDNS `md` the lab announces. Every MAC
 * in them is masked or cut short, so the lab's Google prefix is expected.
 */
export const castCaptures: CaptureList = (reader) => {
  const found: SimulatorCapture[] = [];
  const add = (file: string, fixture: unknown): void => {
    const firmware = captureRevision(fixture);
    if (!firmware) throw new Error(`${file}: no cast_build_revision`);
    found.push({
      file,
      fixture,
      expected: {
        family: 'cast',
        model: captureModel(fixture) ?? castSettings.parse({}).model,
        firmware,
        macPrefix: ouiOfKind('cast'),
        protocol: 'cast',
      },
    });
  };
  for (const name of reader.list(FOLDER)) {
    const file = `${FOLDER}/${name}`;
    add(file, name.endsWith('.json') ? reader.json(file) : reader.text(file));
  }
  const documented = reader.json(DOCUMENTED) as {
    paths?: Record<
      string,
      { get?: { responses?: Record<string, { content?: Record<string, { example?: unknown }> }> } }
    >;
  };
  const example = documented.paths?.['/eureka_info']?.get?.responses?.['200']?.content?.['application/json']?.example;
  if (example) add(`${DOCUMENTED}#/eureka_info`, example);
  requireCaptures(reader, found, { folder: FOLDER, atLeast: 2, named: [DOCUMENTED] });
  return found;
};
