import type { SonosSettings } from './settings.ts';
import { escapeXml } from './xml.ts';

/** `00:0E:58:71:26:2E` → `000E5871262E`. */
export function macHex12(mac: string): string {
  return mac.replace(/[:-]/g, '').toUpperCase();
}

/** The player's RINCON id: `RINCON_<MAC>01400` (fixtures/sonos README). */
export function rinconId(mac: string): string {
  return `RINCON_${macHex12(mac)}01400`;
}

/**
 * A device description in the shape of fixtures/sonos/device_description (element order and names as the PLAY:3
 * capture has them), built from settings, with the audio services a player lists.
 */
export function buildDescription(settings: SonosSettings, mac: string, roomName: string, address: string): string {
  const rincon = rinconId(mac);
  const dashed = macHex12(mac).match(/../g)!.join('-');
  const service = (type: string, path: string): string =>
    `<service><serviceType>urn:schemas-upnp-org:service:${type}:1</serviceType><serviceId>urn:upnp-org:serviceId:${type}</serviceId><controlURL>/${path}/Control</controlURL><eventSubURL>/${path}/Event</eventSubURL><SCPDURL>/xml/${type}1.xml</SCPDURL></service>`;
  return `<?xml version="1.0" encoding="utf-8" ?>
<root xmlns="urn:schemas-upnp-org:device-1-0">
  <specVersion><major>1</major><minor>0</minor></specVersion>
  <device>
    <deviceType>urn:schemas-upnp-org:device:ZonePlayer:1</deviceType>
    <friendlyName>${escapeXml(`${address} - ${settings.modelName}`)}</friendlyName>
    <manufacturer>Sonos, Inc.</manufacturer>
    <manufacturerURL>http://www.sonos.com</manufacturerURL>
    <modelNumber>${escapeXml(settings.model)}</modelNumber>
    <modelDescription>${escapeXml(settings.modelName)}</modelDescription>
    <modelName>${escapeXml(settings.modelName)}</modelName>
    <modelURL>http://www.sonos.com/products/zoneplayers/${escapeXml(settings.model)}</modelURL>
    <softwareVersion>${settings.softwareVersion}</softwareVersion>
${settings.swGen === undefined ? '' : `    <swGen>${settings.swGen}</swGen>\n`}    <hardwareVersion>${escapeXml(settings.hardwareVersion)}</hardwareVersion>
    <serialNum>${dashed}:D</serialNum>
    <MACAddress>${macHex12(mac).match(/../g)!.join(':')}</MACAddress>
    <UDN>uuid:${rincon}</UDN>
    <iconList><icon><id>0</id><mimetype>image/png</mimetype><width>48</width><height>48</height><depth>24</depth><url>/img/icon-${escapeXml(settings.model)}.png</url></icon></iconList>
    <minCompatibleVersion>27.0-00000</minCompatibleVersion>
    <displayVersion>${escapeXml(settings.displayVersion)}</displayVersion>
    <extraVersion>OTP: </extraVersion>
    <roomName>${escapeXml(roomName)}</roomName>
    <displayName>${escapeXml(settings.displayName)}</displayName>
    <zoneType>7</zoneType>
    <serviceList>${service('AlarmClock', 'AlarmClock')}${service('DeviceProperties', 'DeviceProperties')}${service('ZoneGroupTopology', 'ZoneGroupTopology')}</serviceList>
    <deviceList>
      <device><deviceType>urn:schemas-upnp-org:device:MediaRenderer:1</deviceType><friendlyName>${escapeXml(roomName)} - ${escapeXml(settings.modelName)} Media Renderer</friendlyName><UDN>uuid:${rincon}_MR</UDN><serviceList>${service('RenderingControl', 'MediaRenderer/RenderingControl')}${service('AVTransport', 'MediaRenderer/AVTransport')}</serviceList></device>
    </deviceList>
  </device>
</root>
`;
}

/**
 * A captured description served as this player: the capture's RINCON id and MAC (in `serialNum`, `MACAddress` and
 * every `UDN`) become the lab's, the room becomes the device's name. Everything else stays byte for byte.
 */
export function relabelCapture(xml: string, mac: string, roomName: string): string {
  const captured = /<UDN>uuid:(RINCON_[0-9A-Fa-f]+)<\/UDN>/.exec(xml)?.[1];
  const hex = macHex12(mac);
  let out = captured ? xml.split(captured).join(rinconId(mac)) : xml;
  out = out.replace(
    /<serialNum>[^<:]*(:[A-Z])?<\/serialNum>/,
    `<serialNum>${hex.match(/../g)!.join('-')}$1</serialNum>`,
  );
  out = out.replace(/<MACAddress>[^<]*<\/MACAddress>/, `<MACAddress>${hex.match(/../g)!.join(':')}</MACAddress>`);
  return out.replace(/<roomName>[^<]*<\/roomName>/, `<roomName>${escapeXml(roomName)}</roomName>`);
}

/** Fields of a captured description the simulator also needs (SSDP `SERVER`, the update check). */
export function captureField(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]{0,64})</${tag}>`).exec(xml)?.[1];
}
