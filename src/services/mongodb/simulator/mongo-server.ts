import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Clock } from '../../../util/clock.ts';
import { type BsonDocument, BsonDouble, BsonInt64, BsonObjectId } from '../bson.ts';
import {
  completeMessageLength,
  decodeOpMsg,
  decodeOpQuery,
  encodeOpMsg,
  encodeOpReply,
  OP_MSG,
  OP_QUERY,
  readHeader,
} from '../wire.ts';
import { failure, MongoData } from './mongo-data.ts';

export interface SimulatedMongoOptions {
  auth: boolean;
  version: string;
  clock: Clock;
}

/** Wire version per server major (MongoDB driver specs, "wire version" table): 4.4 → 9, 5.0 → 13, 6.0 → 17, 7.0 → 21. */
function maxWireVersion(version: string): number {
  const major = Number(version.split('.')[0]);
  const minor = Number(version.split('.')[1] ?? 0);
  if (major >= 7) return 21;
  if (major === 6) return 17;
  if (major === 5) return 13;
  if (major === 4) return minor >= 4 ? 9 : minor >= 2 ? 8 : 7;
  return 6;
}

/**
 * Command names as mongod registers them. Lookup is case-sensitive; a few commands have a lower-case alias
 * (`ismaster`, `buildinfo`). Each maps to the canonical name the dispatcher switches on.
 */
const COMMANDS: Record<string, string> = {
  hello: 'hello',
  isMaster: 'isMaster',
  ismaster: 'isMaster',
  buildInfo: 'buildInfo',
  buildinfo: 'buildInfo',
  ping: 'ping',
  endSessions: 'endSessions',
  saslStart: 'saslStart',
  saslContinue: 'saslContinue',
  authenticate: 'authenticate',
  connectionStatus: 'connectionStatus',
  listDatabases: 'listDatabases',
  listCollections: 'listCollections',
  insert: 'insert',
  find: 'find',
  aggregate: 'aggregate',
};

/** Commands a server with `security.authorization: enabled` answers before login (the handshake and diagnostics). */
const PRE_AUTH = new Set([
  'hello',
  'isMaster',
  'buildInfo',
  'ping',
  'saslStart',
  'saslContinue',
  'authenticate',
  'endSessions',
  'connectionStatus',
]);

/**
 * A MongoDB server speaking the wire protocol a driver needs: the handshake (`hello`/`isMaster`) over OP_MSG and
 * legacy OP_QUERY, `buildInfo`, `ping`, `connectionStatus`, `listDatabases`, `listCollections`, `insert` and `find`
 * over data every connection shares. With auth on, data commands fail with code 13 Unauthorized and every login
 * fails with code 18 AuthenticationFailed (the lab keeps no users), as mongod words them.
 */
export class SimulatedMongo {
  readonly #options: SimulatedMongoOptions;
  readonly #processId = new BsonObjectId(randomBytes(12));
  readonly #data = new MongoData();
  #connections = 0;
  #nextRequestId = 1;

  constructor(options: SimulatedMongoOptions) {
    this.#options = options;
  }

  /** Handles one client connection until it closes or sends something that is not the wire protocol. */
  serve(socket: Socket): void {
    this.#connections += 1;
    const connectionId = this.#connections;
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      try {
        for (;;) {
          const length = completeMessageLength(pending);
          if (length === undefined) break;
          const message = pending.subarray(0, length);
          pending = pending.subarray(length);
          const answer = this.#answer(message, connectionId);
          if (answer) socket.write(answer);
        }
      } catch {
        // mongod closes the connection on a malformed message.
        socket.destroy();
      }
    });
  }

  #answer(message: Buffer, connectionId: number): Buffer | undefined {
    const header = readHeader(message);
    if (!header) return undefined;
    const requestId = this.#nextRequestId++;
    if (header.opCode === OP_MSG) {
      const doc = decodeOpMsg(message);
      // Since 3.6 every OP_MSG command names its database in `$db`.
      const reply =
        typeof doc.$db === 'string'
          ? this.#command(doc, connectionId, false)
          : failure('OP_MSG requests require a $db argument', 40571, 'Location40571');
      return encodeOpMsg(requestId, header.requestId, reply);
    }
    if (header.opCode === OP_QUERY) {
      const { collection, query } = decodeOpQuery(message);
      const reply = collection.endsWith('.$cmd')
        ? this.#command({ ...query, $db: collection.slice(0, -5) }, connectionId, true)
        : failure(`OP_QUERY on ${collection} is not supported`, 352, 'UnsupportedOpQueryCommand');
      return encodeOpReply(requestId, header.requestId, reply);
    }
    throw new Error(`opcode ${header.opCode} unsupported`);
  }

  #command(doc: BsonDocument, connectionId: number, legacy: boolean): BsonDocument {
    const name = Object.keys(doc)[0] ?? '';
    const command = COMMANDS[name];
    // Since 6.0 OP_QUERY only carries the handshake ("legacy opcode removal").
    if (legacy && command !== 'hello' && command !== 'isMaster' && maxWireVersion(this.#options.version) >= 17) {
      return failure(
        `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade. For more details see https://dochub.mongodb.org/core/legacy-opcode-removal`,
        352,
        'UnsupportedOpQueryCommand',
      );
    }
    if (!command) return failure(`no such command: '${name}'`, 59, 'CommandNotFound');
    if (this.#options.auth && !PRE_AUTH.has(command)) {
      return failure(`command ${name} requires authentication`, 13, 'Unauthorized');
    }
    switch (command) {
      case 'hello':
      case 'isMaster':
        return this.#hello(command === 'hello', doc.helloOk === true, connectionId);
      case 'buildInfo':
        return this.#buildInfo();
      case 'ping':
      case 'endSessions':
        return { ok: 1 };
      case 'connectionStatus':
        return { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 };
      case 'saslStart':
      case 'saslContinue':
      case 'authenticate':
        // The lab keeps no users: every login attempt fails the way a wrong password does.
        return failure('Authentication failed.', 18, 'AuthenticationFailed');
      case 'listDatabases':
        return this.#data.listDatabases(doc);
      case 'listCollections':
        return this.#data.listCollections(doc.$db as string);
      case 'insert':
        return this.#data.insert(doc);
      case 'find':
        return this.#data.find(doc);
      default:
        return this.#aggregate(doc);
    }
  }

  /** A standalone server has no oplog, so a change stream is refused (the only aggregation the lab answers). */
  #aggregate(doc: BsonDocument): BsonDocument {
    const pipeline = Array.isArray(doc.pipeline) ? doc.pipeline : [];
    const first = pipeline[0];
    if (first && typeof first === 'object' && !Array.isArray(first) && '$changeStream' in first) {
      return failure('The $changeStream stage is only supported on replica sets', 40573, 'Location40573');
    }
    return failure('the lab answers aggregate only for $changeStream', 40324, 'Location40324');
  }

  #hello(modern: boolean, helloOk: boolean, connectionId: number): BsonDocument {
    const reply: BsonDocument = {};
    if (helloOk) reply.helloOk = true;
    if (modern) reply.isWritablePrimary = true;
    else reply.ismaster = true;
    return {
      ...reply,
      topologyVersion: { processId: this.#processId, counter: new BsonInt64(0) },
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
      localTime: new Date(this.#options.clock.now()),
      logicalSessionTimeoutMinutes: 30,
      connectionId,
      minWireVersion: 0,
      maxWireVersion: maxWireVersion(this.#options.version),
      readOnly: false,
      ok: new BsonDouble(1), // mongod sends `ok: 1.0`, a double
    };
  }

  /** buildInfo with the fields drivers and tools read (version, versionArray, bits, storage engines). */
  #buildInfo(): BsonDocument {
    const version = this.#options.version;
    const parts = version.split(/[.-]/).map(Number);
    const versionArray = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, 0];
    return {
      version,
      gitVersion: '0'.repeat(40),
      modules: [],
      allocator: 'tcmalloc',
      javascriptEngine: 'mozjs',
      sysInfo: 'deprecated',
      versionArray,
      openssl: { running: 'OpenSSL 3.0.2 15 Mar 2022', compiled: 'OpenSSL 3.0.2 15 Mar 2022' },
      buildEnvironment: { distarch: 'x86_64', target_arch: 'x86_64', target_os: 'linux' },
      bits: 64,
      debug: false,
      maxBsonObjectSize: 16777216,
      storageEngines: ['devnull', 'ephemeralForTest', 'wiredTiger'],
      ok: new BsonDouble(1),
    };
  }
}
