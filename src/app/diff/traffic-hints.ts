/**
 * Settings known to make a device talk to the network on its own, with why. Matched on the setting's path
 * (Shelly Gen1 /settings, Gen2+ Shelly.GetConfig, Tasmota Status 0). This is what turns "the garage Shelly is
 * chatty" into "its SNTP server is different".
 */
import { type ConfigPath, pathKey } from './flatten-config.ts';

interface TrafficHint {
  pattern: RegExp;
  hint: string;
}

const HINTS: readonly TrafficHint[] = [
  {
    pattern: /(^|\.)(sntp|ntp)(\.|$)|ntpserver\d*$/i,
    hint: 'SNTP server: looked up at every clock sync, and retried within seconds while it does not answer',
  },
  {
    pattern: /(^|\.)mqtt(\.|$)|mqtthost|mqttport/i,
    hint: 'MQTT broker: the device reconnects (and looks the broker up) every few seconds while the broker is unreachable',
  },
  {
    pattern: /(^|\.)coiot\.(peer|enabled|update_period)$/i,
    hint: 'CoIoT: status updates are sent to this peer every update period',
  },
  {
    pattern: /(^|\.)cloud(\.|$)|cnCloud/i,
    hint: 'vendor cloud: keeps a permanent connection and reconnects whenever it drops',
  },
  {
    pattern: /debug|(^|\.)(sys\.)?log(host|port)?$|syslog|loglevel/i,
    hint: 'debug logging: can stream logs over the network (UDP or websocket)',
  },
  {
    pattern: /(^|\.)ws\.(enable|server)$/i,
    hint: 'outbound websocket: a permanent connection to the configured server',
  },
  {
    pattern: /(^|\.)(ota|update)(\.|$)|otaurl/i,
    hint: 'update checks: the device polls its update server',
  },
];

/** Why this setting may cause traffic, or undefined when it is not known to. */
export function trafficHint(path: ConfigPath): string | undefined {
  const key = pathKey(path);
  return HINTS.find((entry) => entry.pattern.test(key))?.hint;
}
