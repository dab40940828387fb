import { DeviceTimeoutError } from '../../errors/index.ts';
import type { DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, emptyDeviceFacts } from '../facts.ts';
import {
  decodeFirmware,
  decodeGroup,
  decodeLabel,
  decodeVersion,
  type FirmwareState,
  firmwareText,
  LifxType,
} from './messages.ts';
import { LIFX_PRODUCTS_SOURCE, LIFX_VENDOR_ID, lifxProductName } from './products.ts';
import { type LifxDiscoveryAnswer, lifxEvidence, lifxRequest } from './transport.ts';
import { LIFX_PORT, macToTarget } from './wire.ts';

/** What the scan's discovery learned: the answer to the `lifx` UDP probe (transport.ts `lifxUdpProbe`). */
function discoveryAnswer(target: ProbeTarget): LifxDiscoveryAnswer | undefined {
  const answer = target.udp.answers.lifx as Partial<LifxDiscoveryAnswer> | undefined;
  if (typeof answer?.mac !== 'string' || typeof answer.port !== 'number') return undefined;
  return { mac: answer.mac, port: answer.port };
}

/**
 * LIFX bulbs on the LAN protocol (UDP 56700). The protocol has no authentication at all: whoever reaches the bulb
 * reads and controls it, which is what the evidence of every read shows. Identity comes from the discovery answer
 * (the MAC in its header); inspection asks the bulb, one message each, for version, firmware, label, Wi-Fi firmware,
 * group and location.
 */
export const lifxAdapter: DeviceAdapter = {
  family: 'lifx',

  async identify(target: ProbeTarget): Promise<Identity | undefined> {
    const answer = discoveryAnswer(target);
    if (!answer) return undefined;
    const facts = emptyDeviceFacts('lifx', 'LIFX');
    facts.mac = answer.mac;
    facts.deviceId = macToTarget(answer.mac);
    facts.protocols.push('lifx-lan');
    const evidence = lifxEvidence(
      LIFX_PORT,
      'GetService, tagged',
      LifxType.GetService,
      `StateService (3) from ${answer.mac}: UDP port ${answer.port}`,
    );
    return { family: 'lifx', vendor: 'LIFX', evidence, data: answer, facts };
  },

  async inspect(target: ProbeTarget, found: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const { facts } = found;
    const ask = asker(target, found.data as LifxDiscoveryAnswer, context);
    const version = await ask('GetVersion', LifxType.GetVersion, LifxType.StateVersion);
    const decoded = version && decodeVersion(version.payload);
    if (decoded && version) {
      applyVersion(facts, decoded.vendor, decoded.product);
      // The bulb answered a read without any credential: the LAN protocol has none (lan.developer.lifx.com).
      facts.auth = {
        state: 'none',
        evidence: lifxEvidence(
          version.port,
          'GetVersion',
          LifxType.GetVersion,
          `StateVersion (33): vendor ${decoded.vendor}, product ${decoded.product}`,
        ),
      };
    }
    const host = await ask('GetHostFirmware', LifxType.GetHostFirmware, LifxType.StateHostFirmware);
    const hostFirmware = host && decodeFirmware(host.payload);
    if (hostFirmware) {
      facts.firmware.installed = firmwareText(hostFirmware);
      const released = buildDate(hostFirmware);
      if (released) facts.firmware.releaseDate = released;
    }
    await readDetails(facts, ask);
    facts.limitations.push('LIFX bulbs do not report whether newer firmware exists; the LIFX app installs updates');
    return facts;
  },
};

type Ask = (name: string, type: number, expect: number) => Promise<{ payload: Buffer; port: number } | undefined>;

/** One read; a bulb that does not answer it (or says it does not know it) leaves a limitation, not an error. */
function asker(target: ProbeTarget, answer: LifxDiscoveryAnswer, context: ProbeContext): Ask {
  const port = target.connectPort(LIFX_PORT, 'udp');
  return async (name, type, expect) => {
    try {
      const packet = await lifxRequest({
        host: target.address,
        port,
        target: macToTarget(answer.mac),
        type,
        expect,
        name,
        signal: context.signal,
        timeoutMs: context.timeoutMs,
        maxBytes: context.maxBytes,
      });
      if (packet.header.type === LifxType.StateUnhandled) return undefined;
      return { payload: packet.payload, port: LIFX_PORT };
    } catch (error) {
      if (!(error instanceof DeviceTimeoutError)) throw error;
      return undefined;
    }
  };
}

function applyVersion(facts: DeviceFacts, vendor: number, product: number): void {
  const name = vendor === LIFX_VENDOR_ID ? lifxProductName(product) : undefined;
  // Registry names start with the brand ("LIFX A19"); the model is the rest, as the vendor is shown beside it.
  facts.model = name ? name.replace(/^LIFX /, '') : `product ${vendor}/${product}`;
  facts.productName = name ? `${name} (product ${product})` : `LIFX product ${product} of vendor ${vendor}`;
  if (!name)
    facts.limitations.push(`product id ${product} is not in iotwarden's LIFX product list (${LIFX_PRODUCTS_SOURCE})`);
}

/** Label, Wi-Fi module firmware, group and location: what the owner set up in the LIFX app. */
async function readDetails(facts: DeviceFacts, ask: Ask): Promise<void> {
  const details: Record<string, string> = {};
  const label = await ask('GetLabel', LifxType.GetLabel, LifxType.StateLabel);
  const text = label && decodeLabel(label.payload);
  if (text) {
    details.label = text.text;
    // A label that fills all 32 bytes has no terminator: the owner's name may have been cut to fit, so it is kept
    // as read but not taken for the device's name.
    if (!text.full && text.text !== '') facts.name = text.text;
    if (text.full)
      facts.limitations.push('the label fills all 32 bytes LIFX allows and may be cut; not used as the name');
  }
  const wifi = await ask('GetWifiFirmware', LifxType.GetWifiFirmware, LifxType.StateWifiFirmware);
  const wifiFirmware = wifi && decodeFirmware(wifi.payload);
  if (wifiFirmware) details.wifiFirmware = firmwareText(wifiFirmware);
  const group = await ask('GetGroup', LifxType.GetGroup, LifxType.StateGroup);
  const groupState = group && decodeGroup(group.payload);
  if (groupState) details.group = groupState.label.text;
  const location = await ask('GetLocation', LifxType.GetLocation, LifxType.StateLocation);
  const locationState = location && decodeGroup(location.payload);
  if (locationState) details.location = locationState.label.text;
  if (Object.keys(details).length > 0) facts.config = details;
  if (!facts.model) facts.limitations.push('the bulb did not answer GetVersion; model unknown');
}

/** The build field is a timestamp in nanoseconds since the epoch; a date in a plausible range is kept. */
function buildDate(state: FirmwareState): string | undefined {
  const ms = Number(state.build / 1_000_000n);
  if (ms < Date.UTC(2012, 0, 1) || ms > Date.UTC(2100, 0, 1)) return undefined;
  return new Date(ms).toISOString().slice(0, 10);
}
