import {
  type CaptureReader,
  expectedMacPrefix,
  field,
  requireCaptures,
  type SimulatorCapture,
  text,
} from '../../../lab/core/captures.ts';
import { gen2DumpFromRpcCaptures } from './kind.ts';

/** Gen2+ dumps and RPC folders this family was written against (aioshelly fixtures, fixtures README). */
const NAMED = [
  'shelly/gen2_Shelly BLU Gateway_SNGW-BT01_20231219-133956-1.1.0-g34b5d4f.json',
  'shelly/gen2_Shelly Plus Plug IT_SNPL-00110IT_20231219-133948-1.1.0-g34b5d4f.json',
  'shelly/gen2_Shelly Plus Plug S_SNPL-00112EU_20231219-134003-1.1.0-g34b5d4f.json',
  'shelly/gen2_Shelly Pro 3_SPSW-003XE16EU_20231219-133956-1.1.0-g34b5d4f.json',
  'shelly/gen2_Shelly Pro 4PM_SPSW-004PE16EU_20230912-082358-1.0.3-g6176478.json',
  'shelly/gen2_Shelly Wall Display_SAWD-0A1XX10EU1_20240115-105444-1.2.8-59063a9a.json',
  'shelly/rpc/shellyblugatewaygen3',
  'shelly/rpc/shellymini1gen4',
];

/** An RPC folder as one dump: Shelly.GetDeviceInfo, and Shelly.GetConfig and Shelly.GetStatus where captured. */
function rpcDump(reader: CaptureReader, folder: string): unknown {
  const optional = (method: string) =>
    reader.exists(`${folder}/${method}`) ? reader.json(`${folder}/${method}`) : undefined;
  return gen2DumpFromRpcCaptures({
    deviceInfo: reader.json(`${folder}/Shelly.GetDeviceInfo`),
    config: optional('Shelly.GetConfig'),
    status: optional('Shelly.GetStatus'),
  });
}

function capture(file: string, fixture: unknown): SimulatorCapture {
  const model = text(field(fixture, 'shelly', 'model'));
  const firmware = text(field(fixture, 'shelly', 'ver'));
  if (!model || !firmware) throw new Error(`${file} has no shelly.model or shelly.ver`);
  return {
    file,
    fixture,
    expected: {
      family: 'shelly-gen2',
      model,
      firmware,
      macPrefix: expectedMacPrefix(field(fixture, 'shelly', 'mac'), 'shelly-gen2'),
      protocol: 'shelly-rpc',
      auth: field(fixture, 'shelly', 'auth_en') === true ? 'required' : 'none',
    },
  };
}

/**
 * Every Gen2+ device in ../shared/fixtures/shelly: the whole-device dumps `{shelly, config, status}`, and each
 * `rpc/<device>` folder that holds a Shelly.GetDeviceInfo, assembled into a dump (Gen3 and Gen4 devices).
 */
export function shellyGen2Captures(reader: CaptureReader): SimulatorCapture[] {
  const dumps = reader
    .list('shelly')
    .filter((name) => /^gen2_.*\.json$/.test(name))
    .map((name) => capture(`shelly/${name}`, reader.json(`shelly/${name}`)));
  const folders = reader
    .list('shelly/rpc')
    .map((name) => `shelly/rpc/${name}`)
    .filter((folder) => reader.exists(`${folder}/Shelly.GetDeviceInfo`))
    .map((folder) => capture(folder, rpcDump(reader, folder)));
  const found = [...dumps, ...folders];
  requireCaptures(reader, found, { folder: 'shelly', atLeast: NAMED.length, named: NAMED });
  return found;
}
