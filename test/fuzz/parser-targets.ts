import { readFileSync } from 'node:fs';
import * as dnsPacket from 'dns-packet';
import { configSchema } from '../../src/config/config-schema.ts';
import {
  decodeNoiseMessage,
  encodeNoiseFrame,
  encodeNoiseMessage,
  encodePlaintextFrame,
  noiseRejectReason,
  parseNoiseFrame,
  parsePlaintextFrame,
} from '../../src/families/esphome/api-frame.ts';
import { controlChannels } from '../../src/families/esphome/control.ts';
import { decodeEntityState, decodeListedEntity, ENTITY_MESSAGE } from '../../src/families/esphome/entity-messages.ts';
import { decodeMessage, decodeVarint, ProtoWriter } from '../../src/families/esphome/protobuf.ts';
import { decodeLifx, encodeLifx } from '../../src/families/lifx/wire.ts';
import { parseKasaLegacyDiscovery, parseKasaSmartDiscovery } from '../../src/families/tplink/discovery.ts';
import { completeFrameLength, frameTcp, xorDecrypt, xorEncrypt } from '../../src/families/tplink/xor-cipher.ts';
import { decodeBeacon, decodeSolicitation } from '../../src/families/tuya/discovery.ts';
import { decode55aa, decode6699, encode55aa } from '../../src/families/tuya/frame.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { parseDhcpLeases } from '../../src/net/dhcp-leases.ts';
import { mdnsRecords, servicesFromRecords, serviceTypes } from '../../src/net/mdns-client.ts';
import { parseSsdpAnswer, parseSsdpMessage } from '../../src/net/ssdp-wire.ts';
import { encodeConnect, readPacket } from '../../src/services/mqtt/packets.ts';
import { parseApiEntry, parseFileEntry } from '../../src/sources/adguard/entry.ts';
import { parseDnsmasqLine } from '../../src/sources/dnsmasq/line-parser.ts';
import { parseBoundedJson } from '../../src/util/parse-bounded-json.ts';
import { parseYamlSource, validateAt } from '../../src/util/yaml-source.ts';
import { defineTarget, type FuzzTarget, mutatedBytes, mutatedJson, mutatedText, tolerant } from '../support/fuzz.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/net/${name}`, import.meta.url), 'utf8');

/** Throws unless `value` can be stored and printed: JSON.stringify must work on whatever a parser returns. */
function storable(value: unknown): void {
  JSON.stringify(value);
}

/** YAML parsing is the slow part of these targets: runs of 8,000 characters, well past any real value. */
const YAML_LONG_RUN = 8_000;

const CONFIG_SEEDS = [
  'networks:\n  - 192.168.20.0/24\nscan:\n  ports: default\n  credentialChecks: true\ncredentials:\n  - family: shelly\n    username: admin\n    passwordEnv: SHELLY_PASSWORD\n',
  'base: &b {family: shelly, password: x}\ncredentials:\n  - *b\n  - <<: *b\n    address: 10.0.0.2\n',
  'dns:\n  sources:\n    - kind: pihole-db\n      path: /tmp/x.db\n  domains: []\nfirmware:\n  window: "03:00-05:00"\n',
];

const SCENARIO_SEEDS = [
  'name: home\nnetwork: 127.77.5.0/24\ndevices:\n  - name: garage-door\n    kind: shelly-gen1\n    auth: { enabled: true, username: admin, password: s3cret }\n  - { name: plug, kind: kasa-iot }\n',
  'devices:\n  - name: evil\n    kind: hostile\n    behavior: control-chars\n    ports: [80, 23]\n  - name: nas\n    kind: nas\n',
];

const DNSMASQ_SEEDS = [
  'Nov 26 03:09:37 dnsmasq[16564]: query[AAAA] Example.COM. from 192.168.1.20',
  'Jan  5 12:00:01 dnsmasq[9]: 17 192.168.1.20/40123 query[A] a.example from 192.168.1.20',
  '2025-11-26T03:09:37.123456+01:00 router dnsmasq[1]: query[type=65] b.example from fe80::1',
  'Nov 26 03:09:37 dnsmasq[16564]: config example.com is 0.0.0.0',
  'Nov 26 03:09:37 dnsmasq[16564]: reply example.com is 93.184.216.34',
];

const ADGUARD_LINE =
  '{"T":"2026-01-14T05:00:00.123456789+01:00","QH":"Ads.Example.","QT":"AAAA","QC":"IN","CP":"","IP":"192.168.1.9","Result":{"IsFiltered":true,"Reason":3},"Elapsed":5}';

function mdnsAnswerPacket(): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: 0,
    flags: dnsPacket.AUTHORITATIVE_ANSWER,
    answers: [
      { type: 'PTR', name: '_services._dns-sd._udp.local', data: '_shelly._tcp.local' },
      { type: 'PTR', name: '_shelly._tcp.local', data: 'shellyplus1-a8032ab1.local._shelly._tcp.local' },
      {
        type: 'SRV',
        name: 'shellyplus1-a8032ab1._shelly._tcp.local',
        data: { port: 80, target: 'shellyplus1-a8032ab1.local' },
      },
      { type: 'TXT', name: 'shellyplus1-a8032ab1._shelly._tcp.local', data: ['gen=2', 'app=Plus1', 'ver=1.4.4'] },
      { type: 'A', name: 'shellyplus1-a8032ab1.local', data: '192.168.1.20' },
    ],
  });
}

const SSDP_SEEDS = [
  'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=100\r\nLOCATION: http://192.168.1.41:80/description.xml\r\nSERVER: Linux/3.14.0 UPnP/1.0 IpBridge/1.67.0\r\nhue-bridgeid: 001788FFFE6A7B8C\r\nST: upnp:rootdevice\r\nUSN: uuid:2f402f80-da50-11e1-9b23-0017886a7b8c::upnp:rootdevice\r\n\r\n',
  'NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\nLOCATION: http://192.168.1.1:5000/rootDesc.xml\r\n\r\n',
];

const KASA_SYSINFO = JSON.stringify({
  system: {
    get_sysinfo: {
      sw_ver: '1.5.4 Build 180815 Rel.121440',
      hw_ver: '2.0',
      model: 'HS100(UK)',
      mac: '50:C7:BF:01:02:03',
      alias: 'kettle',
      relay_state: 1,
    },
  },
});

const TUYA_BEACON = Buffer.from(
  '000055aa00000000000000130000009c00000000' +
    Buffer.from(
      JSON.stringify({
        ip: '192.168.1.70',
        gwId: 'bf3a1b2c3d4e5f6a7b8c9d',
        active: 2,
        ability: 0,
        mode: 0,
        encrypt: false,
        productKey: 'keyabc',
        version: '3.1',
      }),
    ).toString('hex') +
    '00000000' +
    '0000aa55',
  'hex',
);

const integrity = { kind: 'crc' } as const;

/** Every text and binary parser iotwarden runs on untrusted input, as fuzz targets. */
export const PARSER_TARGETS: readonly FuzzTarget<unknown>[] = [
  defineTarget({
    name: 'config (iotwarden.yaml)',
    // YAML costs milliseconds an input: a fifth of the runs in `npm test`.
    costly: true,
    input: mutatedText(CONFIG_SEEDS, YAML_LONG_RUN),
    check: (text: string) => {
      tolerant(() => {
        const source = parseYamlSource(text, 'fuzz.yaml');
        storable(validateAt(configSchema, source.value ?? {}, { file: 'fuzz.yaml', lineOf: source.lineOf }));
      });
    },
  }),
  defineTarget({
    name: 'scenario YAML',
    costly: true,
    input: mutatedText(SCENARIO_SEEDS, YAML_LONG_RUN),
    check: (text: string) => {
      tolerant(() => {
        const source = parseYamlSource(text, 'fuzz-scenario.yaml');
        // baseDir is a directory with no fixtures, so a mutated `fixture:` only ever misses.
        buildScenario(source.value, {
          file: 'fuzz-scenario.yaml',
          baseDir: '/nonexistent-iotwarden-fuzz',
          lineOf: source.lineOf,
        });
      });
    },
  }),
  defineTarget({
    name: 'DHCP leases (dnsmasq, ISC)',
    input: mutatedText([fixture('dnsmasq.leases'), fixture('dhcpd.leases')]),
    check: (text: string) => storable(parseDhcpLeases(text, 'dhcp:fuzz')),
  }),
  defineTarget({
    name: 'dnsmasq log line',
    input: mutatedText(DNSMASQ_SEEDS),
    check: (line: string) => storable(parseDnsmasqLine(line)),
  }),
  defineTarget({
    name: 'AdGuard querylog.json line',
    input: mutatedText([ADGUARD_LINE]),
    check: (line: string) => storable(parseFileEntry(line)),
  }),
  defineTarget({
    name: 'AdGuard API entry',
    input: mutatedJson(JSON.parse(ADGUARD_LINE)),
    check: (entry: unknown) => storable(parseApiEntry(entry)),
  }),
  defineTarget({
    name: 'device JSON (parseBoundedJson)',
    input: mutatedText([KASA_SYSINFO, ADGUARD_LINE, `{"a":${'['.repeat(200)}1${']'.repeat(200)}}`]),
    check: (text: string) => storable(tolerant(() => parseBoundedJson(text), [SyntaxError])),
  }),
  defineTarget({
    name: 'Kasa XOR (TCP frame, UDP discovery)',
    input: mutatedBytes([frameTcp(KASA_SYSINFO), xorEncrypt(Buffer.from(KASA_SYSINFO))]),
    check: (bytes: Buffer) => {
      const total = completeFrameLength(bytes);
      if (total !== undefined && (total < 4 || total > bytes.length))
        throw new Error(`frame length ${total} of ${bytes.length}`);
      xorDecrypt(bytes);
      storable(parseKasaLegacyDiscovery(bytes));
      storable(tolerant(() => parseKasaSmartDiscovery(bytes)));
    },
  }),
  defineTarget({
    name: 'Tuya frames (55AA, 6699) and beacons',
    input: mutatedBytes([
      encode55aa({ seq: 1, cmd: 10, retcode: 0, payload: Buffer.from('{"dps":{"1":true}}') }, integrity),
      TUYA_BEACON,
    ]),
    check: (bytes: Buffer) => {
      tolerant(() => decode55aa(bytes, integrity, true));
      tolerant(() => decode55aa(bytes, { kind: 'hmac', key: Buffer.alloc(16, 1) }, false));
      tolerant(() => decode6699(bytes, Buffer.alloc(16, 2)));
      storable(tolerant(() => decodeBeacon(bytes, 6666)));
      storable(tolerant(() => decodeBeacon(bytes, 6667)));
      storable(tolerant(() => decodeSolicitation(bytes)));
    },
  }),
  defineTarget({
    name: 'LIFX LAN packet',
    input: mutatedBytes([
      encodeLifx(
        {
          tagged: false,
          source: 7,
          target: 'd073d5010203',
          resRequired: false,
          ackRequired: false,
          sequence: 1,
          type: 3,
        },
        Buffer.from([1, 0x7c, 0xdd, 0, 0]),
      ),
    ]),
    check: (bytes: Buffer) => storable(tolerant(() => decodeLifx(bytes))),
  }),
  defineTarget({
    name: 'mDNS answer',
    input: mutatedBytes([mdnsAnswerPacket()]),
    check: (bytes: Buffer) => {
      const records = mdnsRecords(bytes);
      if (!records) return;
      storable(servicesFromRecords(records, serviceTypes(records)));
    },
  }),
  defineTarget({
    name: 'SSDP answer',
    input: mutatedBytes(SSDP_SEEDS.map((s) => Buffer.from(s))),
    check: (bytes: Buffer) => {
      storable(parseSsdpMessage(bytes));
      storable(parseSsdpAnswer(bytes));
    },
  }),
  defineTarget({
    name: 'ESPHome frames (plaintext, Noise) and protobuf',
    input: mutatedBytes([
      encodePlaintextFrame(2, Buffer.from([0x0a, 0x04, 0x74, 0x65, 0x73, 0x74, 0x10, 0x01, 0x18, 0x0a])),
      encodeNoiseFrame(encodeNoiseMessage(8, Buffer.from([0x12, 0x03, 0x61, 0x62, 0x63]))),
    ]),
    check: (bytes: Buffer) => {
      storable(tolerant(() => parsePlaintextFrame(bytes)));
      storable(tolerant(() => parseNoiseFrame(bytes)));
      storable(tolerant(() => decodeNoiseMessage(bytes)));
      tolerant(() => noiseRejectReason(bytes));
      tolerant(() => decodeVarint(bytes));
      tolerant(() => decodeMessage(bytes));
    },
  }),
  defineTarget({
    name: 'ESPHome entity list and states (control channels)',
    input: mutatedBytes([
      new ProtoWriter()
        .string(1, 'relay')
        .fixed32(2, 7)
        .string(3, 'Relay')
        .bool(6, true)
        .repeatedUint32(12, [3])
        .finish(),
      new ProtoWriter().fixed32(1, 7).bool(2, true).float(3, 0.5).uint32(5, 1).finish(),
    ]),
    check: (bytes: Buffer) => {
      for (const type of [ENTITY_MESSAGE.listSwitch, ENTITY_MESSAGE.listLight, ENTITY_MESSAGE.listCover]) {
        const entity = tolerant(() => decodeListedEntity(type, bytes));
        if (!entity) continue;
        const state = tolerant(() =>
          decodeEntityState(
            { switch: ENTITY_MESSAGE.switchState, light: ENTITY_MESSAGE.lightState, cover: ENTITY_MESSAGE.coverState }[
              entity.kind as 'switch' | 'light' | 'cover'
            ],
            bytes,
          ),
        );
        if (!state) continue;
        const channels = controlChannels([entity], new Map([[entity.key, { ...state, key: entity.key }]]));
        storable(channels);
        for (const channel of channels) {
          if (!/^(switch|light|cover):[a-z0-9_-]{1,64}$/.test(channel.id)) throw new Error(`unsafe id ${channel.id}`);
          for (const value of [channel.brightness, channel.position]) {
            if (value !== undefined && !(value >= 0 && value <= 100)) throw new Error(`percent ${value}`);
          }
        }
      }
    },
  }),
  defineTarget({
    name: 'MQTT packet',
    input: mutatedBytes([
      encodeConnect({ clientId: 'iotwarden', keepAliveS: 10, username: 'u', password: 'p' }),
      Buffer.from([0x20, 0x02, 0x00, 0x00]),
    ]),
    check: (bytes: Buffer) => {
      const read = tolerant(() => readPacket(bytes, 64 * 1024));
      if (read && (read.next > bytes.length || read.next <= 0)) throw new Error(`next ${read.next} of ${bytes.length}`);
    },
  }),
];
