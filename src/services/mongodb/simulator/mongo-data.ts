import { randomBytes } from 'node:crypto';
import { type BsonDocument, BsonInt64, BsonObjectId, type BsonValue } from '../bson.ts';

/** `{ok: 0, errmsg, code, codeName}`, the shape of every mongod command failure. */
export function failure(errmsg: string, code: number, codeName: string): BsonDocument {
  return { ok: 0, errmsg, code, codeName };
}

/**
 * The databases of a simulated mongod, shared by every connection: what one client inserts, every other lists and
 * finds. It starts with the three databases a fresh 6.0 server has.
 */
export class MongoData {
  readonly #databases = new Map<string, Map<string, BsonDocument[]>>([
    ['admin', new Map([['system.version', [{ _id: 'featureCompatibilityVersion', version: '6.0' }]]])],
    ['config', new Map([['system.sessions', []]])],
    ['local', new Map([['startup_log', [{ hostname: 'nas' }]]])],
  ]);

  /** listDatabases: sizes grow with what is stored; `filter` matches on `name` equality, as drivers use it. */
  listDatabases(doc: BsonDocument): BsonDocument {
    const nameOnly = doc.nameOnly === true;
    const wanted = isDocument(doc.filter) ? doc.filter.name : undefined;
    const databases: BsonValue[] = [];
    let total = 0;
    for (const [name, collections] of [...this.#databases].sort(([a], [b]) => a.localeCompare(b))) {
      if (typeof wanted === 'string' && wanted !== name) continue;
      const docs = [...collections.values()].reduce((n, c) => n + c.length, 0);
      const size = 8192 * (1 + collections.size) + 512 * docs;
      total += size;
      databases.push(nameOnly ? { name } : { name, sizeOnDisk: new BsonInt64(size), empty: docs === 0 });
    }
    return nameOnly
      ? { databases, ok: 1 }
      : { databases, totalSize: new BsonInt64(total), totalSizeMb: new BsonInt64(Math.floor(total / 1048576)), ok: 1 };
  }

  /** insert: creates the database and collection on first write; documents without `_id` get an ObjectId. */
  insert(doc: BsonDocument): BsonDocument {
    const { insert: collection, $db: db, documents } = doc;
    if (typeof collection !== 'string' || typeof db !== 'string' || !Array.isArray(documents)) {
      return failure("BSON field 'insert.documents' is missing but a required field", 40414, 'Location40414');
    }
    const stored = this.#collection(db, collection, true) as BsonDocument[];
    for (const d of documents) {
      if (isDocument(d)) stored.push(d._id === undefined ? { _id: new BsonObjectId(randomBytes(12)), ...d } : d);
    }
    return { n: documents.length, ok: 1 };
  }

  /** find: every document whose fields equal the filter's, in one batch with a closed cursor (id 0). */
  find(doc: BsonDocument): BsonDocument {
    const { find: collection, $db: db } = doc;
    if (typeof collection !== 'string' || typeof db !== 'string') {
      return failure(`collection name has invalid type ${typeof collection}`, 73, 'InvalidNamespace');
    }
    const filter = isDocument(doc.filter) ? doc.filter : {};
    const limit = typeof doc.limit === 'number' && doc.limit > 0 ? doc.limit : Number.POSITIVE_INFINITY;
    const matching = (this.#collection(db, collection, false) ?? [])
      .filter((d) => Object.entries(filter).every(([key, value]) => sameValue(d[key], value)))
      .slice(0, limit);
    return { cursor: { firstBatch: matching, id: new BsonInt64(0), ns: `${db}.${collection}` }, ok: 1 };
  }

  listCollections(db: string): BsonDocument {
    const names = [...(this.#databases.get(db)?.keys() ?? [])];
    const firstBatch = names.map((name) => ({ name, type: 'collection', options: {}, info: { readOnly: false } }));
    return { cursor: { id: new BsonInt64(0), ns: `${db}.$cmd.listCollections`, firstBatch }, ok: 1 };
  }

  #collection(db: string, name: string, create: boolean): BsonDocument[] | undefined {
    let collections = this.#databases.get(db);
    if (!collections && create) {
      collections = new Map();
      this.#databases.set(db, collections);
    }
    let stored = collections?.get(name);
    if (!stored && create && collections) {
      stored = [];
      collections.set(name, stored);
    }
    return stored;
  }
}

function isDocument(value: BsonValue | undefined): value is BsonDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.constructor === Object;
}

function sameValue(a: BsonValue | undefined, b: BsonValue): boolean {
  if (a instanceof BsonObjectId && b instanceof BsonObjectId) return a.bytes.equals(b.bytes);
  return a === b;
}
