import {
  type CaptureReader,
  expectedMacPrefix,
  field,
  jsonFiles,
  requireCaptures,
  type SimulatorCapture,
  text,
} from '../../../lab/core/captures.ts';

/** Captures the Kasa tests read by name. */
const NAMED = [
  'kasa/iot/HS100(US)_1.0_1.2.5.json',
  'kasa/iot/HS110(US)_1.0_1.2.6.json',
  'kasa/iot/HS300(US)_1.0_1.0.10.json',
  'kasa/iot/KL130(EU)_1.0_1.8.8.json',
];

/**
 * Every legacy (iot) capture in ../shared/fixtures/kasa/iot (python-kasa fixtures): `system.get_sysinfo` tells
 * model, hardware and firmware. A capture whose discovery names KLAP is a plug after the 2020 firmware that closed
 * port 9999: the simulator serves KLAP, and the kasa-smart adapter is the one that must claim it.
 */
export function kasaLegacyCaptures(reader: CaptureReader): SimulatorCapture[] {
  const found = jsonFiles(reader, 'kasa/iot').map((file): SimulatorCapture => {
    const fixture = reader.json(file);
    const sysinfo = field(fixture, 'system', 'get_sysinfo');
    const model = text(field(sysinfo, 'model'));
    if (!model) throw new Error(`${file} has no system.get_sysinfo.model`);
    const klap = field(fixture, 'discovery_result', 'result', 'mgt_encrypt_schm', 'encrypt_type') === 'KLAP';
    const firmware = text(field(sysinfo, 'sw_ver'));
    const hwVersion = text(field(sysinfo, 'hw_ver'));
    return {
      file,
      fixture,
      expected: {
        family: klap ? 'kasa-smart' : 'kasa-legacy',
        model,
        // Behind KLAP the firmware needs the owner's account; over XOR anyone can read it.
        ...(firmware && !klap ? { firmware } : {}),
        ...(hwVersion ? { hwVersion } : {}),
        macPrefix: expectedMacPrefix(field(sysinfo, 'mac') ?? field(sysinfo, 'mic_mac'), 'kasa-legacy'),
        protocol: klap ? 'klap' : 'kasa-xor',
        auth: klap ? 'required' : 'none',
      },
    };
  });
  requireCaptures(reader, found, { folder: 'kasa/iot', atLeast: 48, named: NAMED });
  return found;
}
