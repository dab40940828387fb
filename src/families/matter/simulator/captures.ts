import { type CaptureList, jsonFiles, requireCaptures, type SimulatorCapture } from '../../../lab/core/captures.ts';
import { ouiOfKind } from '../../../lab/core/mac-assign.ts';
import { nodeDumpIdentity } from './node-dump.ts';

const FOLDER = 'matter/node_dump';

/**
 * Every python-matter-server node dump in fixtures/matter/node_dump, served as the node would announce itself: what a
 * scanner must read back is the dump's ProductName (announced as `DN`) and that it speaks Matter. Firmware is not
 * compared: a node tells it only inside its fabric.
 */
export const matterCaptures: CaptureList = (reader) => {
  const found: SimulatorCapture[] = [];
  for (const file of jsonFiles(reader, FOLDER)) {
    const fixture = reader.json(file);
    const identity = nodeDumpIdentity(fixture);
    if (!identity.productName || identity.vendorId === undefined) {
      throw new Error(`${file}: no Basic Information ProductName/VendorID (0/40/3, 0/40/2)`);
    }
    found.push({
      file,
      fixture,
      expected: {
        family: 'matter',
        model: identity.productName.slice(0, 32),
        macPrefix: ouiOfKind('matter'),
        protocol: 'matter',
      },
    });
  }
  requireCaptures(reader, found, {
    folder: FOLDER,
    atLeast: 7,
    named: [`${FOLDER}/ha_eve_energy_plug.json`],
  });
  return found;
};
