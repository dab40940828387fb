import {
  type CaptureReader,
  type ExpectedIdentity,
  expectedMacPrefix,
  field,
  jsonFiles,
  requireCaptures,
  type SimulatorCapture,
  text,
} from '../../../lab/core/captures.ts';

/** Captures the Kasa tests read by name. */
const NAMED = [
  'kasa/smart/P110(UK)_1.0_1.3.0.json',
  'kasa/smart/L530E(EU)_3.0_1.1.6.json',
  'kasa/smart/P100(US)_1.0.0_1.3.7.json',
  'kasa/smart/TP15(US)_1.0_1.0.3.json',
  'kasa/smart/L900-10(EU)_1.0_1.0.17.json',
  'kasa/smartcam/C210(EU)_2.0_1.4.2.json',
  'kasa/smartcam/C220(EU)_1.0_1.2.5.json',
  'kasa/smartcam/TC65_1.0_1.3.9.json',
];

/**
 * What UDP 20002 discovery alone tells (no account): model, hardware, MAC and transport; cameras also name their
 * firmware (fixtures README, kasa/smart and smartcam). Firmware behind KLAP or AES needs the owner's account.
 */
function expectedFrom(file: string, result: unknown, camera: boolean): ExpectedIdentity {
  const model = text(field(result, 'device_model'));
  if (!model) throw new Error(`${file} has no discovery_result.result.device_model`);
  const scheme = camera ? field(result, 'encrypt_info', 'sym_schm') : field(result, 'mgt_encrypt_schm', 'encrypt_type');
  const hwVersion = text(field(result, camera ? 'hardware_version' : 'hw_ver'));
  const firmware = camera ? text(field(result, 'firmware_version')) : undefined;
  return {
    family: 'kasa-smart',
    model,
    ...(firmware ? { firmware } : {}),
    ...(hwVersion ? { hwVersion } : {}),
    macPrefix: expectedMacPrefix(field(result, 'mac'), 'kasa-smart'),
    protocol: scheme === 'KLAP' ? 'klap' : 'aes',
    auth: 'required',
  };
}

/** Every Kasa/Tapo capture in ../shared/fixtures/kasa/smart and kasa/smartcam (python-kasa fixtures). */
export function kasaSmartCaptures(reader: CaptureReader): SimulatorCapture[] {
  const found = (['smart', 'smartcam'] as const).flatMap((folder) =>
    jsonFiles(reader, `kasa/${folder}`).map((file): SimulatorCapture => {
      const fixture = reader.json(file);
      const result = field(fixture, 'discovery_result', 'result');
      return { file, fixture, expected: expectedFrom(file, result, folder === 'smartcam') };
    }),
  );
  requireCaptures(reader, found, { folder: 'kasa/smart', atLeast: 44, named: NAMED });
  requireCaptures(reader, found, { folder: 'kasa/smartcam', atLeast: 13 });
  return found;
}
