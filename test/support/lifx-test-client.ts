import { createSocket } from 'node:dgram';

/**
 * An independent LIFX LAN client for testing the simulator, written from LIFX's header description
 * (lan.developer.lifx.com/docs/header-description, packet layouts in ../shared/fixtures/lifx/reference/protocol.yml)
 * with its own byte offsets: it shares no code with src/families/lifx, so a mistake in the product's codec cannot
 * hide behind the same mistake in the client. No LIFX LAN client library is installed in this project (the brief
 * forbids adding one), hence this one.
 */
export interface LifxTestAnswer {
  size: number;
  source: number;
  target: string;
  reserved: string;
  sequence: number;
  type: number;
  payload: Buffer;
}

export interface LifxTestRequest {
  type: number;
  payload?: Buffer;
  tagged?: boolean;
  /** 12 hex digits; zero for tagged discovery. */
  target?: string;
  ackRequired?: boolean;
  resRequired?: boolean;
  sequence?: number;
  source?: number;
  /** Overrides the size field (to send a lying packet). */
  sizeField?: number;
}

export function buildLifxPacket(request: LifxTestRequest): Buffer {
  const payload = request.payload ?? Buffer.alloc(0);
  const packet = Buffer.alloc(36 + payload.length);
  packet.writeUInt16LE(request.sizeField ?? packet.length, 0);
  // protocol 1024 in the low 12 bits, addressable bit 12, tagged bit 13.
  packet.writeUInt16LE(1024 + 4096 + (request.tagged ? 8192 : 0), 2);
  packet.writeUInt32LE(request.source ?? 4242, 4);
  if (request.target) Buffer.from(request.target, 'hex').copy(packet, 8);
  packet[22] = (request.resRequired ? 1 : 0) + (request.ackRequired ? 2 : 0);
  packet[23] = request.sequence ?? 7;
  packet.writeUInt16LE(request.type, 32);
  payload.copy(packet, 36);
  return packet;
}

function parse(data: Buffer): LifxTestAnswer {
  return {
    size: data.readUInt16LE(0),
    source: data.readUInt32LE(4),
    target: data.subarray(8, 14).toString('hex'),
    reserved: data.subarray(16, 22).toString('latin1'),
    sequence: data[23] ?? -1,
    type: data.readUInt16LE(32),
    payload: data.subarray(36),
  };
}

/** Sends one packet (or raw bytes) and collects every answer for `waitMs`. */
export async function lifxExchange(
  host: string,
  port: number,
  packet: Buffer,
  waitMs = 300,
): Promise<LifxTestAnswer[]> {
  const socket = createSocket('udp4');
  const answers: LifxTestAnswer[] = [];
  socket.on('message', (data) => answers.push(parse(data)));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.send(packet, port, host);
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  socket.close();
  return answers;
}
