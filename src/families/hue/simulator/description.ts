import type { HueBridgeState } from './bridge-state.ts';

/** UPnP modelName per bridge generation, as the bridges write it in description.xml. */
const MODEL_NAMES: Record<string, string> = {
  BSB001: 'Philips hue bridge 2012',
  BSB002: 'Philips hue bridge 2015',
};

/**
 * The UPnP device description at http://<bridge>:80/description.xml (UPnP Device Architecture 1.0 §2.3),
 * in the layout Hue bridges serve: Basic:1 device, friendlyName "<name> (<ip>)", the MAC as serial and UDN tail.
 */
export function hueDescriptionXml(state: HueBridgeState, address: string): string {
  const name = escapeXml(state.name);
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<root xmlns="urn:schemas-upnp-org:device-1-0">',
    '<specVersion>',
    '<major>1</major>',
    '<minor>0</minor>',
    '</specVersion>',
    `<URLBase>http://${address}:80/</URLBase>`,
    '<device>',
    '<deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType>',
    `<friendlyName>${name} (${address})</friendlyName>`,
    '<manufacturer>Signify</manufacturer>',
    '<manufacturerURL>http://www.philips-hue.com</manufacturerURL>',
    '<modelDescription>Philips hue Personal Wireless Lighting</modelDescription>',
    `<modelName>${MODEL_NAMES[state.model] ?? 'Philips hue bridge'}</modelName>`,
    `<modelNumber>${escapeXml(state.model)}</modelNumber>`,
    '<modelURL>http://www.philips-hue.com</modelURL>',
    `<serialNumber>${state.ids.serial}</serialNumber>`,
    `<UDN>uuid:${state.ids.udn}</UDN>`,
    '<presentationURL>index.html</presentationURL>',
    '<iconList>',
    '<icon>',
    '<mimetype>image/png</mimetype>',
    '<height>48</height>',
    '<width>48</width>',
    '<depth>24</depth>',
    '<url>hue_logo_0.png</url>',
    '</icon>',
    '</iconList>',
    '</device>',
    '</root>',
    '',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
