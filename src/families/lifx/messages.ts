/**
 * The LIFX messages iotwarden reads and the simulator answers: type numbers and payload layouts from LIFX's
 * machine-readable protocol definition (LIFX/public-protocol `protocol.yml`, read from
 * ../shared/fixtures/lifx/reference/protocol.yml). Decoders return undefined for a payload of the wrong size.
 */

export const LifxType = {
  GetService: 2,
  StateService: 3,
  GetHostFirmware: 14,
  StateHostFirmware: 15,
  GetWifiInfo: 16,
  StateWifiInfo: 17,
  GetWifiFirmware: 18,
  StateWifiFirmware: 19,
  GetPower: 20,
  SetPower: 21,
  StatePower: 22,
  GetLabel: 23,
  SetLabel: 24,
  StateLabel: 25,
  GetVersion: 32,
  StateVersion: 33,
  Acknowledgement: 45,
  GetLocation: 48,
  StateLocation: 50,
  GetGroup: 51,
  StateGroup: 53,
  StateUnhandled: 223,
  LightGet: 101,
  LightSetColor: 102,
  LightState: 107,
} as const;

/** `DeviceService` 1: UDP, the only service in the enum. */
export const SERVICE_UDP = 1;
/** LIFX's label and group/location label fields are 32 bytes. */
export const LABEL_BYTES = 32;

export interface StateService {
  service: number;
  port: number;
}

/** StateService (3): service u8, port u32. */
export function decodeStateService(payload: Buffer): StateService | undefined {
  if (payload.length !== 5) return undefined;
  return { service: payload.readUInt8(0), port: payload.readUInt32LE(1) };
}

export function encodeStateService(port: number): Buffer {
  const payload = Buffer.alloc(5);
  payload.writeUInt8(SERVICE_UDP, 0);
  payload.writeUInt32LE(port, 1);
  return payload;
}

export interface FirmwareState {
  /** The build time, nanoseconds since the epoch. */
  build: bigint;
  major: number;
  minor: number;
}

/** StateHostFirmware (15) and StateWifiFirmware (19): build u64, reserved 8, version_minor u16, version_major u16. */
export function decodeFirmware(payload: Buffer): FirmwareState | undefined {
  if (payload.length !== 20) return undefined;
  return { build: payload.readBigUInt64LE(0), minor: payload.readUInt16LE(16), major: payload.readUInt16LE(18) };
}

export function encodeFirmware(state: FirmwareState): Buffer {
  const payload = Buffer.alloc(20);
  payload.writeBigUInt64LE(state.build, 0);
  payload.writeUInt16LE(state.minor, 16);
  payload.writeUInt16LE(state.major, 18);
  return payload;
}

/** `3.70`: how the LIFX app shows a firmware version (major, then minor as a number). */
export function firmwareText(state: Pick<FirmwareState, 'major' | 'minor'>): string {
  return `${state.major}.${state.minor}`;
}

/** `3.70` → major 3, minor 70. */
export function parseFirmwareText(text: string): Pick<FirmwareState, 'major' | 'minor'> | undefined {
  const match = /^(\d{1,5})\.(\d{1,5})$/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export interface VersionState {
  vendor: number;
  product: number;
}

/** StateVersion (33): vendor u32, product u32, reserved 4. */
export function decodeVersion(payload: Buffer): VersionState | undefined {
  if (payload.length !== 12) return undefined;
  return { vendor: payload.readUInt32LE(0), product: payload.readUInt32LE(4) };
}

export function encodeVersion(state: VersionState): Buffer {
  const payload = Buffer.alloc(12);
  payload.writeUInt32LE(state.vendor, 0);
  payload.writeUInt32LE(state.product, 4);
  return payload;
}

export interface LabelText {
  text: string;
  /** The label filled all 32 bytes: LIFX keeps no terminator then, and a longer name was cut to fit. */
  full: boolean;
}

/** A 32-byte NUL-padded UTF-8 field. Untrusted: kept as the device sent it, up to the first NUL. */
export function decodeLabel(field: Buffer): LabelText | undefined {
  if (field.length !== LABEL_BYTES) return undefined;
  const end = field.indexOf(0);
  return { text: field.subarray(0, end === -1 ? LABEL_BYTES : end).toString('utf8'), full: end === -1 };
}

/** A label as the device stores it: UTF-8, cut to 32 bytes at a character boundary, NUL-padded. */
export function encodeLabel(text: string): Buffer {
  const field = Buffer.alloc(LABEL_BYTES);
  let used = 0;
  for (const char of text) {
    const bytes = Buffer.from(char, 'utf8');
    if (used + bytes.length > LABEL_BYTES) break;
    bytes.copy(field, used);
    used += bytes.length;
  }
  return field;
}

export interface GroupState {
  /** 16-byte id, hex. */
  id: string;
  label: LabelText;
  updatedAt: bigint;
}

/** StateGroup (53) and StateLocation (50): id [16]byte, label [32]byte, updated_at u64. */
export function decodeGroup(payload: Buffer): GroupState | undefined {
  if (payload.length !== 56) return undefined;
  const label = decodeLabel(payload.subarray(16, 48));
  if (!label) return undefined;
  return { id: payload.subarray(0, 16).toString('hex'), label, updatedAt: payload.readBigUInt64LE(48) };
}

export function encodeGroup(id: Buffer, label: string, updatedAt: bigint): Buffer {
  const payload = Buffer.alloc(56);
  id.copy(payload, 0, 0, 16);
  encodeLabel(label).copy(payload, 16);
  payload.writeBigUInt64LE(updatedAt, 48);
  return payload;
}

/** A colour in LIFX's HSBK form: hue, saturation and brightness 0-65535, kelvin 1500-9000. */
export interface Hsbk {
  hue: number;
  saturation: number;
  brightness: number;
  kelvin: number;
}

export function decodeHsbk(field: Buffer): Hsbk {
  return {
    hue: field.readUInt16LE(0),
    saturation: field.readUInt16LE(2),
    brightness: field.readUInt16LE(4),
    kelvin: field.readUInt16LE(6),
  };
}

export function encodeHsbk(color: Hsbk): Buffer {
  const field = Buffer.alloc(8);
  field.writeUInt16LE(color.hue, 0);
  field.writeUInt16LE(color.saturation, 2);
  field.writeUInt16LE(color.brightness, 4);
  field.writeUInt16LE(color.kelvin, 6);
  return field;
}

/** LightState (107): color 8, reserved 2, power u16, label 32, reserved 8. */
export function encodeLightState(color: Hsbk, power: number, label: string): Buffer {
  const payload = Buffer.alloc(52);
  encodeHsbk(color).copy(payload, 0);
  payload.writeUInt16LE(power, 10);
  encodeLabel(label).copy(payload, 12);
  return payload;
}

export function decodeLightState(payload: Buffer): { color: Hsbk; power: number; label: LabelText } | undefined {
  if (payload.length !== 52) return undefined;
  const label = decodeLabel(payload.subarray(12, 44));
  if (!label) return undefined;
  return { color: decodeHsbk(payload.subarray(0, 8)), power: payload.readUInt16LE(10), label };
}
