/**
 * A device's context for the risk register: what it is, what it controls, where it is and who uses it. The owner's
 * word wins; then Home Assistant's area for where it is; then the family's descriptor (from the model); then the
 * device's name; then what its services show.
 */
import type { FunctionCategory } from '../../families/function-category.ts';
import { familyById } from '../../families/index.ts';
import type { ReportDevice } from '../report/report-model.ts';
import { hintsFromName } from './name-hints.ts';
import type { DeviceContext, OwnerContext, SourcedFact } from './types.ts';

const OWNER = 'owner';
/** Categories a relay or plug takes from what it drives. */
const LOADS = new Set<FunctionCategory>(['garage-door', 'lock', 'heater']);

/** The category a generic device's open services suggest (an RTSP server is a camera; an IGD is the router). */
function categoryFromServices(device: ReportDevice): SourcedFact<FunctionCategory> | undefined {
  const names = new Set(device.services.map((service) => service.name));
  const found = (category: FunctionCategory, what: string) => ({ value: category, source: `services: ${what}` });
  if (names.has('rtsp') || names.has('hipcam')) return found('camera', 'an RTSP video stream');
  if (names.has('upnp-igd')) return found('network', 'a UPnP internet gateway');
  if (names.has('mongodb') || names.has('redis') || names.has('ssh')) return found('computer', 'a general computer');
  return undefined;
}

function categoryOf(device: ReportDevice, owner: OwnerContext): SourcedFact<FunctionCategory> {
  if (owner.category) return { value: owner.category, source: OWNER };
  const named = hintsFromName(device.name).category;
  const family = familyById(device.family);
  const fromFamily = family?.risk.category(device.model ?? undefined);
  // A relay or plug named for what it drives ("garage-door", "bathroom-heater") takes that load's category: the
  // Shelly in the garage is a garage-door opener, whatever its model.
  const drivesLoad = named !== undefined && LOADS.has(named) && (fromFamily === 'switch' || fromFamily === 'plug');
  if (named && (fromFamily === undefined || drivesLoad)) {
    return { value: named, source: 'device name' };
  }
  if (family && fromFamily) {
    return { value: fromFamily, source: `${family.vendor} model ${device.model ?? '(unknown model)'}` };
  }
  // Nothing identified it: weigh it as what an unknown box on the network is, a general-purpose computer.
  return categoryFromServices(device) ?? { value: 'computer', source: 'default: nothing identified it' };
}

function pick<T>(ownerValue: T | undefined, hinted: T | undefined): SourcedFact<T> | undefined {
  if (ownerValue !== undefined) return { value: ownerValue, source: OWNER };
  if (hinted !== undefined) return { value: hinted, source: 'device name' };
  return undefined;
}

/**
 * Where Home Assistant says the device is, read through the same room words as names ("Kids Bedroom" → bedroom); an
 * area without one of those words is kept as the owner named it, lower case.
 */
function placeFromArea(device: ReportDevice): { room?: SourcedFact<string>; outside?: SourcedFact<boolean> } {
  const area = device.context?.area?.trim();
  if (!area) return {};
  const source = `Home Assistant area "${area}"`;
  const hints = hintsFromName(area);
  return {
    room: { value: hints.room ?? area.toLowerCase(), source },
    ...(hints.outside !== undefined ? { outside: { value: hints.outside, source } } : {}),
  };
}

/** The context of one device, every fact with its source. */
export function deviceContext(device: ReportDevice, owner: OwnerContext = {}): DeviceContext {
  const hints = hintsFromName(device.name);
  const context: DeviceContext = { category: categoryOf(device, owner) };
  const controls = pick(owner.controls, hints.controls);
  const place = placeFromArea(device);
  const room = owner.room === undefined && place.room ? place.room : pick(owner.room, hints.room);
  const outside = owner.outside === undefined && place.outside ? place.outside : pick(owner.outside, hints.outside);
  const users = pick(owner.users, hints.users);
  const upside = pick(owner.upside, undefined);
  if (controls) context.controls = controls;
  if (room) context.room = room;
  if (outside) context.outside = outside;
  if (users) context.users = users;
  if (upside) context.upside = upside;
  return context;
}
