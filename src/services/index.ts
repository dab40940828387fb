import type { ServiceIdentifier } from '../families/device-adapter.ts';
import { httpIdentifier } from './http/http-identifier.ts';
import { mongodbIdentifier } from './mongodb/mongodb-identifier.ts';
import { mqttIdentifier } from './mqtt/mqtt-identifier.ts';
import { redisIdentifier } from './redis/redis-identifier.ts';
import { rtspIdentifier } from './rtsp/rtsp-identifier.ts';
import { sshIdentifier } from './ssh/identifier.ts';
import { telnetIdentifier } from './telnet/telnet-identifier.ts';
import { upnpIgdIdentifier } from './upnp-igd/upnp-igd-identifier.ts';

export { PRODUCT_LINES } from './common/factory-credentials.ts';
export {
  httpIdentifier,
  mongodbIdentifier,
  mqttIdentifier,
  redisIdentifier,
  rtspIdentifier,
  sshIdentifier,
  telnetIdentifier,
  upnpIgdIdentifier,
};

/**
 * Every service identifier, most specific first. More than one may apply to a port (the IGD on 5000 is also an
 * HTTP server): a scanner should run them in this order and keep the first that returns facts for the port.
 */
export const SERVICE_IDENTIFIERS: readonly ServiceIdentifier[] = [
  upnpIgdIdentifier,
  mongodbIdentifier,
  redisIdentifier,
  mqttIdentifier,
  rtspIdentifier,
  telnetIdentifier,
  sshIdentifier,
  httpIdentifier,
];

export { UPNP_IGD_FIXES } from './upnp-igd/fix.ts';
