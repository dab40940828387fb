import { SimulatedMongo } from '../../../services/mongodb/simulator/mongo-server.ts';
import { SimulatedMqttBroker } from '../../../services/mqtt/simulator/mqtt-broker.ts';
import { SimulatedRedis } from '../../../services/redis/simulator/redis-server.ts';
import type { Listener } from '../../core/device-host.ts';
import type { SimulatorKind } from '../../core/simulator.ts';
import { dsmHandler } from './dsm-page.ts';
import { nasSettings } from './settings.ts';

export const NAS_PORTS = { dsm: 5000, smb: 445, mongo: 27017, redis: 6379, mqtt: 1883 } as const;

/**
 * A Synology-style home NAS with databases in containers: DSM login on 5000, SMB on 445, MongoDB on 27017,
 * Redis on 6379 and optionally Mosquitto on 1883. No mDNS or SSDP in this model (DSM can announce both, but
 * the lab keeps the NAS quiet so only its open ports tell the story).
 */
export const nasKind: SimulatorKind<typeof nasSettings> = {
  kind: 'nas',
  settings: nasSettings,
  create(init) {
    const { settings, host } = init;
    const listeners: Listener[] = [];
    const stopHooks: Array<() => void> = [];
    let stopped = false;
    return {
      async start() {
        const hostname = init.name.replace(/[^A-Za-z0-9-]/g, '-');
        listeners.push(
          await host.listenHttp(
            NAS_PORTS.dsm,
            dsmHandler({ hostname, model: settings.model, firmware: settings.firmware }),
          ),
        );
        // SMB needs a negotiate exchange; a scanner only sees the port open. Anything sent is answered by a close,
        // as smbd does with bytes that are not SMB.
        listeners.push(await host.listenTcp(NAS_PORTS.smb, (socket) => socket.once('data', () => socket.destroy())));
        if (settings.mongo.enabled) {
          const mongo = new SimulatedMongo({
            auth: settings.mongo.auth,
            version: settings.mongo.version,
            clock: init.clock,
          });
          listeners.push(await host.listenTcp(NAS_PORTS.mongo, (socket) => mongo.serve(socket)));
        }
        if (settings.redis.enabled) {
          const redis = new SimulatedRedis({
            password: settings.redis.password,
            version: settings.redis.version,
            port: NAS_PORTS.redis,
            clock: init.clock,
          });
          listeners.push(await host.listenTcp(NAS_PORTS.redis, (socket) => redis.serve(socket)));
        }
        if (settings.mqtt.enabled) {
          const broker = new SimulatedMqttBroker({
            anonymous: settings.mqtt.anonymous,
            username: settings.mqtt.username,
            password: settings.mqtt.password,
            version: settings.mqtt.version,
            sysIntervalS: settings.mqtt.sysInterval,
            clock: init.clock,
          });
          stopHooks.push(() => broker.close());
          listeners.push(await host.listenTcp(NAS_PORTS.mqtt, (socket) => broker.serve(socket)));
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const hook of stopHooks) hook();
        await Promise.all(listeners.map((l) => l.close()));
      },
      mdnsServices: () => [],
      ssdpAnswers: () => [],
    };
  },
};
