import { ProtocolError } from '../../errors/index.ts';
import { type BsonDocument, bsonLength, decodeBson, encodeBson } from './bson.ts';

/**
 * MongoDB wire protocol framing (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/):
 * a 16-byte little-endian header {messageLength, requestID, responseTo, opCode}, then the op's body.
 */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

/** Servers refuse anything larger (maxMessageSizeBytes); we refuse far less, since we only speak the handshake. */
export const MAX_WIRE_MESSAGE_BYTES = 1024 * 1024;

export interface WireHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export function readHeader(buf: Buffer): WireHeader | undefined {
  if (buf.length < 16) return undefined;
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

/** Length of the first complete message in `buf`, or undefined while more bytes are needed. */
export function completeMessageLength(buf: Buffer): number | undefined {
  const header = readHeader(buf);
  if (!header) return undefined;
  if (header.length < 16 || header.length > MAX_WIRE_MESSAGE_BYTES) {
    throw new ProtocolError(undefined, `MongoDB message length ${header.length} out of range`);
  }
  return buf.length >= header.length ? header.length : undefined;
}

function frame(requestId: number, responseTo: number, opCode: number, body: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

/** OP_MSG with flagBits 0 and one kind-0 (body) section. */
export function encodeOpMsg(requestId: number, responseTo: number, doc: BsonDocument): Buffer {
  return frame(requestId, responseTo, OP_MSG, Buffer.concat([Buffer.alloc(4), Buffer.from([0]), encodeBson(doc)]));
}

/**
 * The body document of an OP_MSG, with each kind-1 document sequence (drivers send `insert` documents that way)
 * added to it under the sequence's identifier, which is what the spec says the sequence means.
 */
export function decodeOpMsg(message: Buffer): BsonDocument {
  let pos = 20;
  let body: BsonDocument | undefined;
  const sequences: Array<[string, BsonDocument[]]> = [];
  const flags = message.length >= 20 ? message.readUInt32LE(16) : 0;
  // Bit 0 (checksumPresent) puts a CRC-32C in the last 4 bytes.
  const frame = message.subarray(0, flags & 1 ? message.length - 4 : message.length);
  while (pos < frame.length) {
    const kind = frame[pos];
    pos += 1;
    if (kind === 0) {
      body = decodeBson(frame, pos);
      pos += bsonLength(frame, pos);
    } else if (kind === 1) {
      if (pos + 4 > frame.length) throw new ProtocolError(undefined, 'OP_MSG sequence truncated');
      const end = pos + frame.readInt32LE(pos);
      if (end <= pos + 4 || end > frame.length)
        throw new ProtocolError(undefined, 'OP_MSG sequence length out of range');
      const nul = frame.indexOf(0, pos + 4);
      if (nul < 0 || nul >= end) throw new ProtocolError(undefined, 'OP_MSG sequence identifier not terminated');
      const docs: BsonDocument[] = [];
      for (let at = nul + 1; at < end; at += bsonLength(frame, at)) docs.push(decodeBson(frame.subarray(0, end), at));
      sequences.push([frame.toString('utf8', pos + 4, nul), docs]);
      pos = end;
    } else {
      throw new ProtocolError(undefined, `OP_MSG section kind ${kind} unknown`);
    }
  }
  if (!body) throw new ProtocolError(undefined, 'OP_MSG without a body section');
  return sequences.length === 0 ? body : { ...body, ...Object.fromEntries(sequences) };
}

/** Legacy OP_QUERY, as drivers still send their first `isMaster` to `admin.$cmd`. */
export function encodeOpQuery(requestId: number, collection: string, query: BsonDocument): Buffer {
  const flags = Buffer.alloc(4);
  const name = Buffer.from(`${collection}\0`, 'utf8');
  const counts = Buffer.alloc(8);
  counts.writeInt32LE(0, 0); // numberToSkip
  counts.writeInt32LE(-1, 4); // numberToReturn: -1 = one document and close the cursor
  return frame(requestId, 0, OP_QUERY, Buffer.concat([flags, name, counts, encodeBson(query)]));
}

export function decodeOpQuery(message: Buffer): { collection: string; query: BsonDocument } {
  const nul = message.indexOf(0, 20);
  if (nul < 0) throw new ProtocolError(undefined, 'OP_QUERY collection name not terminated');
  const collection = message.toString('utf8', 20, nul);
  return { collection, query: decodeBson(message, nul + 1 + 8) };
}

/** OP_REPLY with one document, the legacy answer to OP_QUERY. */
export function encodeOpReply(requestId: number, responseTo: number, doc: BsonDocument): Buffer {
  const head = Buffer.alloc(20);
  head.writeInt32LE(0, 0); // responseFlags
  head.writeBigInt64LE(0n, 4); // cursorID
  head.writeInt32LE(0, 12); // startingFrom
  head.writeInt32LE(1, 16); // numberReturned
  return frame(requestId, responseTo, OP_REPLY, Buffer.concat([head, encodeBson(doc)]));
}

export function decodeOpReply(message: Buffer): BsonDocument {
  if (message.length < 36 + 5) throw new ProtocolError(undefined, 'OP_REPLY truncated');
  const returned = message.readInt32LE(32);
  if (returned < 1) throw new ProtocolError(undefined, 'OP_REPLY returned no document');
  return decodeBson(message, 36);
}
