import type { DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, emptyDeviceFacts } from '../facts.ts';
import { type SonosDescription, sonosDescriptionSchema, sonosMac, updateItemVersion, xmlFields } from './schema.ts';
import { readDescription, SONOS_PORT, type SonosEndpoint, topologyAction } from './transport.ts';

interface SonosIdentityData {
  description: SonosDescription;
}

/** SSDP answers of a Sonos player carry `X-RINCON-*` headers (fixtures/sonos/ssdp). */
function rinconHeaders(target: ProbeTarget): Record<string, string> | undefined {
  return target.udp.ssdp?.find((headers) => 'x-rincon-household' in headers);
}

function endpoint(target: ProbeTarget, context: ProbeContext): SonosEndpoint {
  return {
    host: target.address,
    port: target.connectPort(SONOS_PORT),
    timeoutMs: context.timeoutMs,
    maxBytes: context.maxBytes,
    signal: context.signal,
  };
}

/**
 * Sonos players: UPnP on TCP 1400 with no authentication. The device description names model, software and hardware
 * version, MAC and room; SSDP adds the household; `ZoneGroupTopology#CheckForUpdate` with `CachedOnly` tells the
 * update the player already knows of, without making it contact Sonos.
 */
export const sonosAdapter: DeviceAdapter = {
  family: 'sonos',

  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    if (!target.openTcpPorts.has(SONOS_PORT)) return undefined;
    const read = await readDescription(endpoint(target, context));
    if (!read) return undefined;
    const parsed = sonosDescriptionSchema.safeParse(xmlFields(read.xml));
    if (!parsed.success) return undefined;
    const description = parsed.data;
    const facts = emptyDeviceFacts('sonos', 'Sonos');
    facts.protocols.push('sonos-upnp', 'http');
    applyDescription(facts, description, rinconHeaders(target));
    const data: SonosIdentityData = { description };
    return { family: 'sonos', vendor: 'Sonos', model: description.modelNumber, evidence: read.evidence, data, facts };
  },

  async inspect(target: ProbeTarget, found: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const { facts } = found;
    const installed = facts.firmware.installed;
    // CachedOnly=1: the answer the player already holds; it does not phone Sonos for a scanner.
    const update = await topologyAction(
      endpoint(target, context),
      'CheckForUpdate',
      { UpdateType: 'All', CachedOnly: '1', Version: installed ?? '' },
      'UpdateItem',
    );
    if (!update) {
      facts.limitations.push('the player did not answer CheckForUpdate: its update state is unknown');
      return facts;
    }
    // The control action itself was accepted without any credentials: the open local API the finding rests on.
    facts.auth = { state: 'none', evidence: update.evidence };
    const offered = updateItemVersion(update.value);
    if (offered) facts.firmware.latest = offered;
    else if (installed && update.value.trim() === '') facts.firmware.latest = installed;
    if (facts.firmware.latest !== undefined) {
      facts.firmware.latestSource = 'device';
      facts.firmware.updateEvidence = update.evidence;
    }
    facts.limitations.push('the automatic-update setting is only shown in the Sonos app');
    return facts;
  },
};

function applyDescription(
  facts: DeviceFacts,
  description: SonosDescription,
  ssdp: Record<string, string> | undefined,
): void {
  facts.model = description.modelNumber;
  if (description.modelName) facts.productName = description.modelName;
  if (description.softwareVersion) facts.firmware.installed = description.softwareVersion;
  if (description.hardwareVersion) facts.hwVersion = description.hardwareVersion;
  const mac = sonosMac(description);
  if (mac) facts.mac = mac;
  const udn = description.UDN?.replace(/^uuid:/, '');
  if (udn) facts.deviceId = udn;
  if (description.roomName) facts.name = description.roomName;
  facts.config = {
    swGen: description.swGen ?? null,
    displayVersion: description.displayVersion ?? null,
    household: ssdp?.['x-rincon-household'] ?? null,
    server: ssdp?.server ?? null,
  };
}
