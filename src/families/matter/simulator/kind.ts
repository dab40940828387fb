import { createHash } from 'node:crypto';
import type { Listener } from '../../../lab/core/device-host.ts';
import type {
  DeviceSimulator,
  MdnsService,
  SimulatorInit,
  SimulatorKind,
  SsdpAnswer,
} from '../../../lab/core/simulator.ts';
import { COMMISSIONABLE_TYPE, MATTER_PORT, OPERATIONAL_TYPE } from '../transport.ts';
import { type NodeDumpIdentity, nodeDumpIdentity } from './node-dump.ts';
import { type MatterSettings, matterSettings } from './settings.ts';

/**
 * A simulated Matter node: its DNS-SD records as the Matter Core Specification 1.3 §4.3 spells them, and a UDP 5540
 * endpoint that swallows what it is sent (a real node answers only a commissioner's PASE or a fabric member's CASE,
 * neither of which the lab plays). Built from the spec and fixtures/matter: the mDNS fragment of connectedhomeip issue
 * #19049 for the TXT keys and their shape, the node dumps for identities. No consumer device's TXT record exists as a
 * capture, so the keys a dump-based node announces (DN from ProductName) are the lab's choice within the spec.
 */
export class SimulatedMatterNode implements DeviceSimulator {
  readonly #init: SimulatorInit<MatterSettings>;
  readonly #dump: NodeDumpIdentity | undefined;
  readonly #listeners: Listener[] = [];
  /** Stable per device, from its MAC, as every id in the lab. */
  readonly #seed: string;

  constructor(init: SimulatorInit<MatterSettings>) {
    this.#init = init;
    this.#dump = init.fixture === undefined ? undefined : nodeDumpIdentity(init.fixture);
    this.#seed = createHash('sha256').update(`matter:${init.mac}`).digest('hex').toUpperCase();
  }

  get settings(): MatterSettings {
    return this.#init.settings;
  }

  async start(): Promise<void> {
    const { host } = this.#init;
    this.#listeners.push(await host.listenUdp(MATTER_PORT, () => undefined));
    if (this.settings.tcp) this.#listeners.push(await host.listenTcp(MATTER_PORT, (socket) => socket.destroy()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.#listeners.splice(0).map((listener) => listener.close()));
  }

  /** The commissionable record's TXT keys, in the order connectedhomeip's advertiser writes them. */
  txt(): Record<string, string> {
    const s = this.settings;
    const dump = this.#dump;
    const vendorId = dump?.vendorId ?? s.vendorId;
    const productId = dump?.productId ?? s.productId;
    const deviceType = s.deviceType ?? dump?.deviceType;
    const name = s.productName ?? dump?.productName;
    const txt: Record<string, string> = {
      D: String(s.discriminator),
      VP: `${vendorId}+${productId}`,
      CM: String(s.commissioningMode),
    };
    if (deviceType !== undefined) txt.DT = String(deviceType);
    if (name !== undefined) txt.DN = truncateUtf8(name, 32);
    txt.SII = '5000';
    txt.SAI = '300';
    txt.T = s.tcp ? '4' : '0';
    txt.PH = String(s.pairingHint);
    txt.PI = '';
    return { ...txt, ...s.txtOverrides };
  }

  mdnsServices(): MdnsService[] {
    // §4.3.4: the host name is the link-layer address in upper-case hex (a Wi-Fi node's 48-bit MAC).
    const host = this.#init.mac.replace(/:/g, '').toUpperCase();
    const services: MdnsService[] = [
      { type: COMMISSIONABLE_TYPE, instance: this.#seed.slice(16, 32), host, port: MATTER_PORT, txt: this.txt() },
    ];
    if (this.settings.commissioned || (this.#dump?.fabrics ?? 0) > 0) {
      services.push({
        type: OPERATIONAL_TYPE,
        instance: `${this.#seed.slice(32, 48)}-${this.#seed.slice(48, 64)}`,
        host,
        port: MATTER_PORT,
        txt: { SII: '5000', SAI: '300', T: this.settings.tcp ? '4' : '0' },
      });
    }
    return services;
  }

  ssdpAnswers(): SsdpAnswer[] {
    return [];
  }
}

/** At most `bytes` bytes of UTF-8, never splitting a character. */
function truncateUtf8(value: string, bytes: number): string {
  let out = '';
  for (const char of value) {
    if (Buffer.byteLength(out + char) > bytes) break;
    out += char;
  }
  return out;
}

export const matterKind: SimulatorKind<typeof matterSettings> = {
  kind: 'matter',
  settings: matterSettings,
  create: (init) => new SimulatedMatterNode(init),
};
