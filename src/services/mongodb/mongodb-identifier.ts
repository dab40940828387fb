import { ProtocolError } from '../../errors/index.ts';
import type { ProbeContext, ProbeTarget, ServiceIdentifier } from '../../families/device-adapter.ts';
import type { ServiceFacts } from '../../families/facts.ts';
import { tcpExchange } from '../../net/tcp-exchange.ts';
import { bounds, describeUrl, endpointOf, evidence, printable } from '../common/evidence.ts';
import { completeOrGarbage, located } from '../common/framing.ts';
import { type BsonDocument, type BsonValue, bsonNumber } from './bson.ts';
import {
  completeMessageLength,
  decodeOpMsg,
  decodeOpReply,
  encodeOpMsg,
  encodeOpQuery,
  OP_MSG,
  OP_REPLY,
  readHeader,
} from './wire.ts';

type Dialect = 'op_msg' | 'op_query';

/** One command in the given dialect; the answer's opcode must match it. */
async function command(
  target: ProbeTarget,
  port: number,
  doc: BsonDocument,
  dialect: Dialect,
  context: ProbeContext,
): Promise<BsonDocument> {
  const request =
    dialect === 'op_msg' ? encodeOpMsg(1, 0, { ...doc, $db: 'admin' }) : encodeOpQuery(1, 'admin.$cmd', doc);
  const raw = await tcpExchange({
    ...endpointOf(target, port),
    send: request,
    complete: completeOrGarbage((b) => completeMessageLength(b) !== undefined),
    ...bounds(context),
  });
  const endpoint = endpointOf(target, port);
  try {
    const header = readHeader(raw);
    const expected = dialect === 'op_msg' ? OP_MSG : OP_REPLY;
    if (!header || header.opCode !== expected || completeMessageLength(raw) === undefined) {
      throw new ProtocolError(endpoint, `not a MongoDB ${dialect === 'op_msg' ? 'OP_MSG' : 'OP_REPLY'} answer`);
    }
    return dialect === 'op_msg' ? decodeOpMsg(raw) : decodeOpReply(raw);
  } catch (error) {
    throw located(error, endpoint);
  }
}

function show(value: BsonValue): string {
  return typeof value === 'object' && value !== null ? String(bsonNumber(value) ?? '…') : String(value);
}

function brief(doc: BsonDocument): string {
  const parts: string[] = [];
  for (const key of ['ok', 'errmsg', 'code', 'codeName', 'version', 'maxWireVersion', 'totalSize']) {
    const value = doc[key];
    if (value !== undefined) parts.push(`${key}: ${show(value)}`);
  }
  const dbs = doc.databases;
  if (Array.isArray(dbs))
    parts.push(`databases: ${dbs.map((d) => String((d as BsonDocument).name ?? '?')).join(', ')}`);
  return parts.join(', ');
}

/**
 * MongoDB: the handshake (`hello` over OP_MSG, falling back to legacy `isMaster` over OP_QUERY for old servers),
 * `buildInfo` for the version, then `listDatabases`. Answering it without a login is what makes a database
 * "open"; error 13 Unauthorized means auth is on.
 */
export const mongodbIdentifier: ServiceIdentifier = {
  name: 'mongodb',
  appliesTo: (port) => port === 27017 || port === 27018,
  async identify(target: ProbeTarget, port: number, context: ProbeContext): Promise<ServiceFacts | undefined> {
    let dialect: Dialect = 'op_msg';
    let hello: BsonDocument;
    try {
      hello = await command(target, port, { hello: 1 }, dialect, context);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      // Servers before 3.6 know no OP_MSG and close the connection; they still answer OP_QUERY isMaster.
      dialect = 'op_query';
      hello = await command(target, port, { isMaster: 1 }, dialect, context);
    }
    if (bsonNumber(hello.ok) !== 1 || bsonNumber(hello.maxWireVersion) === undefined) return undefined;
    const where = describeUrl('mongodb', target, port);
    const facts: ServiceFacts = {
      port,
      transport: 'tcp',
      name: 'mongodb',
      auth: 'unknown',
      evidence: evidence(`${dialect === 'op_msg' ? 'OP_MSG hello' : 'OP_QUERY isMaster'} ${where}`, brief(hello)),
    };
    const build = await command(target, port, { buildInfo: 1 }, dialect, context).catch(() => undefined);
    if (typeof build?.version === 'string') facts.product = printable(`MongoDB ${build.version}`, 60);
    const list = await command(target, port, { listDatabases: 1, nameOnly: true }, dialect, context);
    const sent = `${dialect === 'op_msg' ? 'OP_MSG' : 'OP_QUERY'} listDatabases ${where} (no credentials)`;
    if (bsonNumber(list.ok) === 1 && Array.isArray(list.databases)) {
      facts.auth = 'none';
      facts.authEvidence = evidence(sent, brief(list));
    } else if (
      bsonNumber(list.code) === 13 ||
      list.codeName === 'Unauthorized' ||
      /auth/i.test(String(list.errmsg ?? ''))
    ) {
      facts.auth = 'required';
      facts.authEvidence = evidence(sent, brief(list));
    }
    return facts;
  },
};
