/**
 * Matter device type ids (the `DT` TXT key, the Descriptor cluster's DeviceTypeList) and their names, from the Matter
 * Device Library Specification 1.3 (the ones a home is likely to hold). An id not listed is shown as a number.
 */
const DEVICE_TYPES: Readonly<Record<number, string>> = {
  10: 'Door Lock',
  14: 'Aggregator (bridge)',
  15: 'Generic Switch',
  17: 'Power Source',
  18: 'OTA Requestor',
  21: 'Contact Sensor',
  22: 'Root Node',
  34: 'Speaker',
  35: 'Casting Video Player',
  40: 'Basic Video Player',
  43: 'Fan',
  44: 'Air Quality Sensor',
  67: 'Water Leak Detector',
  114: 'Room Air Conditioner',
  116: 'Robotic Vacuum Cleaner',
  118: 'Smoke CO Alarm',
  256: 'On/Off Light',
  257: 'Dimmable Light',
  259: 'On/Off Light Switch',
  260: 'Dimmer Switch',
  263: 'Occupancy Sensor',
  266: 'On/Off Plug-in Unit',
  267: 'Dimmable Plug-In Unit',
  268: 'Color Temperature Light',
  269: 'Extended Color Light',
  514: 'Window Covering',
  769: 'Thermostat',
  770: 'Temperature Sensor',
  775: 'Humidity Sensor',
};

/** The device type's name, or `device type 0x0123` for one the table does not hold. */
export function deviceTypeName(id: number): string {
  return DEVICE_TYPES[id] ?? `device type 0x${id.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Device types that describe the node rather than what it does (root node, OTA requestor, power source). */
export function isUtilityDeviceType(id: number): boolean {
  return id === 22 || id === 18 || id === 17;
}
