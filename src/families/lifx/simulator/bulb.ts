import { createHash } from 'node:crypto';
import {
  decodeHsbk,
  decodeLabel,
  encodeFirmware,
  encodeGroup,
  encodeLabel,
  encodeLightState,
  encodeStateService,
  encodeVersion,
  type Hsbk,
  LifxType,
  parseFirmwareText,
} from '../messages.ts';
import { DEVICE_RESERVED, decodeLifx, encodeLifx, LIFX_PORT, type LifxHeader, macToTarget } from '../wire.ts';
import type { LifxSettings } from './settings.ts';

/** A build time for the simulated firmware (ns since the epoch): 2023-06-01, the era of host firmware 3.70. */
const BUILD_NS = BigInt(Date.UTC(2023, 5, 1)) * 1_000_000n;

/**
 * The state of one simulated LIFX bulb and its answers, message by message, as the LAN protocol documents them
 * (lan.developer.lifx.com "Device messages" and "Light messages"; types from ../shared/fixtures/lifx/reference/
 * protocol.yml). Writes change state that later reads return. A datagram whose size field disagrees with its length,
 * a truncated one, or one addressed to another bulb is ignored, as bulbs ignore it.
 */
export class SimulatedLifxBulb {
  label: string;
  power: number;
  color: Hsbk = { hue: 0, saturation: 0, brightness: 65535, kelvin: 3500 };
  readonly target: string;
  readonly #settings: LifxSettings;

  constructor(settings: LifxSettings, name: string, mac: string) {
    this.#settings = settings;
    this.label = settings.label ?? name;
    this.power = settings.power ? 65535 : 0;
    this.target = macToTarget(mac);
  }

  /** The answers to one datagram (none when it is malformed or for another bulb). */
  answer(datagram: Buffer): Buffer[] {
    const packet = decodeLifx(datagram);
    if (!packet) return [];
    const { header } = packet;
    if (!header.tagged && header.target !== this.target && header.target !== '000000000000') return [];
    const replies: Buffer[] = [];
    const reply = (type: number, payload: Buffer): void => {
      replies.push(this.#packet(header, type, payload));
    };
    if (header.ackRequired) reply(LifxType.Acknowledgement, Buffer.alloc(0));
    const state = this.#handle(header.type, packet.payload);
    if (state === 'malformed') return [];
    // Get* always answers; Set* answers only when res_required is set (header description, "res_required").
    if (state && (state.always || header.resRequired)) reply(state.type, state.payload);
    return replies;
  }

  #handle(type: number, payload: Buffer): { type: number; payload: Buffer; always: boolean } | undefined | 'malformed' {
    const get = (answer: number, body: Buffer) => ({ type: answer, payload: body, always: true });
    switch (type) {
      case LifxType.GetService:
        return get(LifxType.StateService, encodeStateService(LIFX_PORT));
      case LifxType.GetHostFirmware:
        return get(LifxType.StateHostFirmware, this.#firmware(this.#settings.firmware));
      case LifxType.GetWifiFirmware:
        return get(LifxType.StateWifiFirmware, this.#firmware(this.#settings.wifiFirmware));
      case LifxType.GetVersion:
        return get(
          LifxType.StateVersion,
          encodeVersion({ vendor: this.#settings.vendor, product: this.#settings.product }),
        );
      case LifxType.GetLabel:
        return get(LifxType.StateLabel, encodeLabel(this.label));
      case LifxType.GetPower:
        return get(LifxType.StatePower, this.#power());
      case LifxType.GetGroup:
        return get(LifxType.StateGroup, encodeGroup(idOf(this.#settings.group), this.#settings.group, BUILD_NS));
      case LifxType.GetLocation:
        return get(
          LifxType.StateLocation,
          encodeGroup(idOf(this.#settings.location), this.#settings.location, BUILD_NS),
        );
      case LifxType.LightGet:
        return get(LifxType.LightState, encodeLightState(this.color, this.power, this.label));
      default:
        return this.#write(type, payload);
    }
  }

  /** SetPower, SetLabel and SetColor change the bulb; a payload of the wrong size changes nothing. */
  #write(type: number, payload: Buffer): { type: number; payload: Buffer; always: boolean } | 'malformed' {
    const set = (answer: number, body: Buffer) => ({ type: answer, payload: body, always: false });
    switch (type) {
      case LifxType.SetPower: {
        if (payload.length !== 2) return 'malformed';
        // Level is 0 or 65535; bulbs treat any other value as on (protocol.yml DeviceSetPower).
        this.power = payload.readUInt16LE(0) === 0 ? 0 : 65535;
        return set(LifxType.StatePower, this.#power());
      }
      case LifxType.SetLabel: {
        const label = decodeLabel(payload);
        if (!label) return 'malformed';
        this.label = label.text;
        return set(LifxType.StateLabel, encodeLabel(this.label));
      }
      case LifxType.LightSetColor: {
        if (payload.length !== 13) return 'malformed';
        this.color = decodeHsbk(payload.subarray(1, 9));
        return set(LifxType.LightState, encodeLightState(this.color, this.power, this.label));
      }
      default: {
        // Newer firmware answers a message it does not know with StateUnhandled (223).
        const unhandled = Buffer.alloc(2);
        unhandled.writeUInt16LE(type & 0xffff, 0);
        return { type: LifxType.StateUnhandled, payload: unhandled, always: true };
      }
    }
  }

  #firmware(text: string): Buffer {
    const version = parseFirmwareText(text) ?? { major: 0, minor: 0 };
    return encodeFirmware({ build: BUILD_NS, ...version });
  }

  #power(): Buffer {
    const body = Buffer.alloc(2);
    body.writeUInt16LE(this.power, 0);
    return body;
  }

  #packet(request: LifxHeader, type: number, payload: Buffer): Buffer {
    return encodeLifx(
      {
        tagged: false,
        source: request.source,
        target: this.target,
        resRequired: false,
        ackRequired: false,
        sequence: request.sequence,
        type,
      },
      payload,
      DEVICE_RESERVED,
    );
  }
}

/** A stable 16-byte id for a group or location label, as the LIFX app makes one per group. */
function idOf(label: string): Buffer {
  return createHash('md5').update(`lifx-group:${label}`).digest();
}
