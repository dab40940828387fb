import { randomBytes } from 'node:crypto';
import { ProtocolError } from '../../errors/index.ts';
import type { ProbeContext, ProbeTarget, ServiceIdentifier } from '../../families/device-adapter.ts';
import type { ServiceFacts } from '../../families/facts.ts';
import { tcpExchange } from '../../net/tcp-exchange.ts';
import { bounds, describeUrl, endpointOf, evidence } from '../common/evidence.ts';
import { completeOrGarbage, located } from '../common/framing.ts';
import { CONNACK_CODES, encodeConnect, MQTT_TYPE, readPacket } from './packets.ts';

/**
 * MQTT: an anonymous CONNECT (MQTT 3.1.1 §3.1, no user name, clean session). CONNACK 0 means the broker lets
 * anyone publish and subscribe (`none`); 5 "not authorized" or 4 "bad user name or password" mean `required`.
 */
export const mqttIdentifier: ServiceIdentifier = {
  name: 'mqtt',
  appliesTo: (port) => port === 1883,
  async identify(target: ProbeTarget, port: number, context: ProbeContext): Promise<ServiceFacts | undefined> {
    const clientId = `iotwarden-${randomBytes(4).toString('hex')}`;
    const raw = await tcpExchange({
      ...endpointOf(target, port),
      send: encodeConnect({ clientId, keepAliveS: 10 }),
      complete: completeOrGarbage((b) => readPacket(b, 64) !== undefined),
      ...bounds(context),
    });
    let read: ReturnType<typeof readPacket>;
    try {
      read = raw.length > 0 ? readPacket(raw, 64) : undefined;
    } catch (error) {
      throw located(error, endpointOf(target, port));
    }
    if (!read) {
      if (raw.length === 0) throw new ProtocolError(endpointOf(target, port), 'closed without a CONNACK');
      return undefined;
    }
    if (read.packet.type !== MQTT_TYPE.connack || read.packet.body.length !== 2) return undefined;
    const code = read.packet.body[1] as number;
    const sent = `MQTT CONNECT ${describeUrl('mqtt', target, port)} client id ${clientId}, no user name`;
    const received = `CONNACK return code ${code} (${CONNACK_CODES[code] ?? 'unknown code'})`;
    const facts: ServiceFacts = {
      port,
      transport: 'tcp',
      name: 'mqtt',
      product: 'MQTT 3.1.1 broker',
      auth: code === 0 ? 'none' : code === 4 || code === 5 ? 'required' : 'unknown',
      evidence: evidence(sent, received),
    };
    if (facts.auth !== 'unknown') facts.authEvidence = evidence(sent, received);
    return facts;
  },
};
