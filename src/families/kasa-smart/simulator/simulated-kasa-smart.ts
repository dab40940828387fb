import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Listener } from '../../../lab/core/device-host.ts';
import { readBody } from '../../../lab/core/read-body.ts';
import { selfSignedCertificate } from '../../../lab/core/self-signed-cert.ts';
import type { DeviceSimulator, MdnsService, SimulatorInit, SsdpAnswer } from '../../../lab/core/simulator.ts';
import { klapAccount } from '../../kasa-legacy/simulator/settings.ts';
import { isObject } from '../../tplink/discovery.ts';
import { send } from '../../tplink/simulator/http-body.ts';
import { klapAuthHash } from '../klap-crypto.ts';
import { AesResponder } from './aes-responder.ts';
import { SimulatedSmartApi } from './api.ts';
import { createCameraResponder } from './camera-responder.ts';
import { buildSmartModel, type SmartDeviceModel } from './device-model.ts';
import { smartDiscoveryAnswer } from './discovery-answer.ts';
import { KlapResponder } from './klap-responder.ts';
import type { KasaSmartSettings } from './settings.ts';
import { assembleSmartDevice } from './smart-device.ts';
import { tpapResponder } from './tpap-responder.ts';

const SMART_DISCOVERY_PORT = 20002;
/** The `Server` header of the Tapo plugs' and bulbs' HTTP server (reported by owners of P100 hardware 2.0 in
 * kacper-serewis/tapo-p100-java-poc issue #4 and its copies in other Tapo client repositories). */
const TAPO_SERVER = 'SHIP 2.0';

/**
 * A newer Kasa/Tapo device: found by UDP 20002 discovery, managed over HTTP 80 with KLAP (v2) or AES
 * securePassthrough, or, for Tapo cameras, over HTTPS 443 with the camera's nonce login. Without the owner's
 * TP-Link credentials a client learns only what discovery says; with them, the SMART methods of the capture.
 */
export class SimulatedKasaSmart implements DeviceSimulator {
  readonly #init: SimulatorInit<KasaSmartSettings>;
  readonly #model: SmartDeviceModel;
  readonly #api: SimulatedSmartApi;
  readonly #listeners: Listener[] = [];

  constructor(init: SimulatorInit<KasaSmartSettings>) {
    this.#init = init;
    this.#model = buildSmartModel({
      ...init.settings,
      fixture: init.fixture,
      name: init.name,
      mac: init.mac,
      address: init.address,
    });
    // Cameras speak camelCase methods behind their own login, which the lab does not serve beyond the nonce step.
    this.#api =
      this.#model.flavor === 'smart'
        ? assembleSmartDevice({
            methods: this.#model.methods,
            clock: init.clock,
            mac: init.mac,
            name: init.name,
            loadWatts: init.settings.load,
            resultless: this.#model.resultless,
          }).api
        : new SimulatedSmartApi(this.#model.methods);
  }

  get model(): SmartDeviceModel {
    return this.#model;
  }

  get api(): SimulatedSmartApi {
    return this.#api;
  }

  async start(): Promise<void> {
    const { host } = this.#init;
    this.#listeners.push(
      await host.listenUdp(SMART_DISCOVERY_PORT, (message, _from, reply) => {
        const answer = smartDiscoveryAnswer(this.#model.discovery, message);
        if (answer) reply(answer);
      }),
    );
    const account = () => klapAccount(this.#init.settings.auth);
    if (this.#model.flavor === 'smartcam') {
      const tls = await selfSignedCertificate({ commonName: this.#init.name, organization: 'TP-LINK' });
      const camera = createCameraResponder(() => account().password);
      this.#listeners.push(await host.listenHttps(this.#model.httpPort, guard(camera), tls));
      return;
    }
    const handleJson = (request: Record<string, unknown>) => this.#api.handle(request);
    if (this.#init.settings.tpap) {
      this.#listeners.push(
        await host.listenHttp(this.#model.httpPort, guard(tpapResponder(this.#init.mac), TAPO_SERVER)),
      );
    } else if (this.#model.encryption === 'KLAP') {
      const klap = new KlapResponder({
        version: 2, // SMART.KLAP uses the SHA-based v2 hashes (python-kasa KlapTransportV2).
        authHash: () => klapAuthHash(2, account().username, account().password),
        handle: (plain) => {
          const request = parseObject(plain.toString('utf8'));
          return request ? Buffer.from(JSON.stringify(handleJson(request)), 'utf8') : undefined;
        },
      });
      const serve = async (req: IncomingMessage, res: ServerResponse) =>
        (await klap.handle(req, res)) || refuseAesHandshake(req, res);
      this.#listeners.push(await host.listenHttp(this.#model.httpPort, guard(serve, TAPO_SERVER)));
    } else {
      const aes = new AesResponder({ account, handle: handleJson });
      this.#listeners.push(
        await host.listenHttp(
          this.#model.httpPort,
          guard((req, res) => aes.handle(req, res), TAPO_SERVER),
        ),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.#listeners.map((l) => l.close()));
    this.#listeners.length = 0;
  }

  mdnsServices(): MdnsService[] {
    return [];
  }

  ssdpAnswers(): SsdpAnswer[] {
    return [];
  }
}

/** Wraps an async handler: unhandled paths get 404, failures drop the connection instead of crashing the lab. */
function guard(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean | undefined>,
  server?: string,
): RequestListener {
  return (req, res) => {
    if (server) res.setHeader('Server', server);
    handler(req, res)
      .then((handled) => {
        if (handled === false) send(res, 404);
      })
      .catch(() => res.destroy());
  };
}

/**
 * A KLAP device asked for the older AES securePassthrough (`POST /app {"method":"handshake",…}`, or any JSON there)
 * answers HTTP 200 `{"error_code":1003}`: what P100/P110 owners saw after the 2023 KLAP firmware (fishbigger/TapoP100
 * issues #128, #136; python-kasa names 1003 TRANSPORT_UNKNOWN_CREDENTIALS_ERROR; tp-link-tapo-connect reads it as
 * "Device supports KLAP protocol - Legacy login not supported"). Other paths stay 404.
 */
async function refuseAesHandshake(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://device').pathname !== '/app') return false;
  await readBody(req);
  send(res, 200, JSON.stringify({ error_code: 1003 }), { 'content-type': 'application/json' });
  return true;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
