import type { ControlChannel } from '../descriptor.ts';
import { isObject } from './discovery.ts';

type JsonRecord = Record<string, unknown>;

/** 0/1 as the legacy protocol writes on/off; anything else is "cannot say". */
const onOff = (value: unknown): boolean | undefined => (value === 0 || value === 1 ? value === 1 : undefined);

/**
 * The channels of a legacy `system.get_sysinfo` (python-kasa's iot device classes and the captures under
 * fixtures/kasa/iot): a plug or switch has `relay_state` (a dimmer adds `brightness`), a strip lists `children[]`
 * with `state`, a bulb has `light_state.on_off` (and `brightness` while on). Fields a device does not report are
 * left out, so a reading that cannot say is never mistaken for "off". Shared by the legacy family (TCP 9999) and
 * the KLAP family (legacy models whose firmware moved to KLAP keep this JSON inside the session).
 */
export function legacyChannels(sysinfo: JsonRecord): ControlChannel[] {
  const channels: ControlChannel[] = [];
  if (Array.isArray(sysinfo.children)) {
    sysinfo.children.forEach((child, i) => {
      const on = isObject(child) ? onOff(child.state) : undefined;
      if (on !== undefined) channels.push({ id: `relay:${i}`, kind: 'relay', on });
    });
    return channels;
  }
  const relay = onOff(sysinfo.relay_state);
  if (relay !== undefined) {
    const channel: ControlChannel = { id: 'relay:0', kind: 'relay', on: relay };
    if (typeof sysinfo.brightness === 'number') channel.brightness = sysinfo.brightness;
    channels.push(channel);
  }
  const light = isObject(sysinfo.light_state) ? sysinfo.light_state : undefined;
  const lightOn = onOff(light?.on_off);
  if (light && lightOn !== undefined) {
    const channel: ControlChannel = { id: 'light:0', kind: 'light', on: lightOn };
    if (lightOn && typeof light.brightness === 'number') channel.brightness = light.brightness;
    channels.push(channel);
  }
  return channels;
}
