import { createSocket } from 'node:dgram';

/**
 * Test support: a DNS-SD client written from RFC 1035 §4 (message format, name compression) and RFC 6763 (PTR → SRV,
 * TXT), independent of iotwarden's mDNS code and of dns-packet, to check that a simulator answers what any resolver
 * would read. It sends one legacy unicast query (RFC 6762 §6.7: source port not 5353, so the answer comes back to it)
 * and decodes the records it gets.
 */
export interface MinimalRecord {
  name: string;
  type: 'PTR' | 'SRV' | 'TXT' | 'A' | 'other';
  ptr?: string;
  srv?: { port: number; target: string };
  txt?: string[];
  a?: string;
}

const TYPE_CODES = { A: 1, PTR: 12, TXT: 16, SRV: 33 } as const;

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.');
  return Buffer.concat([
    ...labels.map((label) => Buffer.concat([Buffer.from([Buffer.byteLength(label)]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
}

/** A standard query: id, flags 0, one question of `type`, class IN. */
export function minimalQuery(name: string, type: keyof typeof TYPE_CODES, id = 0x1234): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(TYPE_CODES[type], 0);
  tail.writeUInt16BE(1, 2);
  return Buffer.concat([header, encodeName(name), tail]);
}

/** Reads a possibly compressed name at `offset`; returns it and the offset after it (RFC 1035 §4.1.4). */
function readName(message: Buffer, offset: number, depth = 0): [string, number] {
  if (depth > 16) throw new Error('compression loop');
  const labels: string[] = [];
  let at = offset;
  for (;;) {
    const length = message.readUInt8(at);
    if (length === 0) return [labels.join('.'), at + 1];
    if ((length & 0xc0) === 0xc0) {
      const pointer = message.readUInt16BE(at) & 0x3fff;
      const [rest] = readName(message, pointer, depth + 1);
      return [[...labels, rest].filter((l) => l !== '').join('.'), at + 2];
    }
    labels.push(message.subarray(at + 1, at + 1 + length).toString('utf8'));
    at += 1 + length;
  }
}

/** Every resource record of the answer, authority and additional sections. */
export function minimalDecode(message: Buffer): MinimalRecord[] {
  const questions = message.readUInt16BE(4);
  const records = message.readUInt16BE(6) + message.readUInt16BE(8) + message.readUInt16BE(10);
  let at = 12;
  for (let q = 0; q < questions; q++) at = readName(message, at)[1] + 4;
  const out: MinimalRecord[] = [];
  for (let r = 0; r < records; r++) {
    const [name, after] = readName(message, at);
    const type = message.readUInt16BE(after);
    const length = message.readUInt16BE(after + 8);
    const data = after + 10;
    const record: MinimalRecord = { name, type: 'other' };
    if (type === TYPE_CODES.PTR) Object.assign(record, { type: 'PTR', ptr: readName(message, data)[0] });
    if (type === TYPE_CODES.SRV) {
      const port = message.readUInt16BE(data + 4);
      Object.assign(record, { type: 'SRV', srv: { port, target: readName(message, data + 6)[0] } });
    }
    if (type === TYPE_CODES.TXT) {
      const strings: string[] = [];
      for (let i = data; i < data + length; ) {
        const size = message.readUInt8(i);
        strings.push(message.subarray(i + 1, i + 1 + size).toString('utf8'));
        i += 1 + size;
      }
      Object.assign(record, { type: 'TXT', txt: strings });
    }
    if (type === TYPE_CODES.A) Object.assign(record, { type: 'A', a: [...message.subarray(data, data + 4)].join('.') });
    out.push(record);
    at = data + length;
  }
  return out;
}

/** Sends `query` to host:port from an ephemeral port and decodes the first answer (or fails after `timeoutMs`). */
export function minimalExchange(host: string, port: number, query: Buffer, timeoutMs = 2000): Promise<MinimalRecord[]> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no DNS-SD answer from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('message', (message) => {
      clearTimeout(timer);
      socket.close();
      try {
        resolve(minimalDecode(message));
      } catch (error) {
        reject(error);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.send(query, port, host);
  });
}

/** TXT strings → key/value map (RFC 6763 §6.3: key=value, first occurrence wins). */
export function txtMap(strings: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const item of strings) {
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    if (key !== '' && !(key in map)) map[key] = eq === -1 ? '' : item.slice(eq + 1);
  }
  return map;
}
