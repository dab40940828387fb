/**
 * The current layout of Pi-hole's long-term database (FTL database version 21: query_storage with the `ede`
 * column, the *_by_id string tables, the `queries` view and the network tables), written from the table definitions
 * in FTL src/database/query-table.c and network-table.c. test/dns/sources-ftl.test.ts checks it column by column
 * against ../shared/fixtures/pihole/ftl-v6-schema.sql.
 */
export const FTL_DB_VERSION = 21;

export const FTL_TABLES_SQL = `
CREATE TABLE ftl (id INTEGER PRIMARY KEY NOT NULL, value BLOB NOT NULL);
CREATE TABLE counters (id INTEGER PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
CREATE TABLE query_storage (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp INTEGER NOT NULL, type INTEGER NOT NULL,
  status INTEGER NOT NULL, domain INTEGER NOT NULL, client INTEGER NOT NULL, forward INTEGER, additional_info INTEGER,
  reply_type INTEGER, reply_time REAL, dnssec INTEGER, list_id INTEGER, ede INTEGER);
CREATE TABLE domain_by_id (id INTEGER PRIMARY KEY, domain TEXT NOT NULL);
CREATE TABLE client_by_id (id INTEGER PRIMARY KEY, ip TEXT NOT NULL, name TEXT);
CREATE TABLE forward_by_id (id INTEGER PRIMARY KEY, forward TEXT NOT NULL);
CREATE TABLE addinfo_by_id (id INTEGER PRIMARY KEY, type INTEGER NOT NULL, content NOT NULL);
CREATE VIEW queries AS SELECT id, timestamp, type, status,
  CASE typeof(domain) WHEN 'integer' THEN (SELECT domain FROM domain_by_id d WHERE d.id = q.domain) ELSE domain END domain,
  CASE typeof(client) WHEN 'integer' THEN (SELECT ip FROM client_by_id c WHERE c.id = q.client) ELSE client END client,
  CASE typeof(forward) WHEN 'integer' THEN (SELECT forward FROM forward_by_id f WHERE f.id = q.forward) ELSE forward END forward,
  CASE typeof(additional_info) WHEN 'integer' THEN (SELECT content FROM addinfo_by_id a WHERE a.id = q.additional_info)
    ELSE additional_info END additional_info,
  reply_type, reply_time, dnssec, list_id FROM query_storage q;
CREATE TABLE network (id INTEGER PRIMARY KEY NOT NULL, hwaddr TEXT UNIQUE NOT NULL, interface TEXT NOT NULL,
  firstSeen INTEGER NOT NULL, lastQuery INTEGER NOT NULL, numQueries INTEGER NOT NULL, macVendor TEXT, aliasclient_id INTEGER);
CREATE TABLE network_addresses (network_id INTEGER NOT NULL, ip TEXT UNIQUE NOT NULL,
  lastSeen INTEGER NOT NULL DEFAULT (cast(strftime('%s', 'now') as int)), name TEXT, nameUpdated INTEGER,
  FOREIGN KEY(network_id) REFERENCES network(id));
CREATE TABLE aliasclient (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, comment TEXT);
`;

/** Created after a bulk load: building an index once is several times faster than maintaining it per insert. */
export const FTL_INDEXES_SQL = `
CREATE UNIQUE INDEX IF NOT EXISTS domain_by_id_domain_idx ON domain_by_id(domain);
CREATE UNIQUE INDEX IF NOT EXISTS client_by_id_client_idx ON client_by_id(ip,name);
CREATE UNIQUE INDEX IF NOT EXISTS forward_by_id_forward_idx ON forward_by_id(forward);
CREATE UNIQUE INDEX IF NOT EXISTS addinfo_by_id_idx ON addinfo_by_id(type,content);
CREATE INDEX IF NOT EXISTS idx_query_storage_timestamp ON query_storage (timestamp);
CREATE INDEX IF NOT EXISTS idx_query_storage_client ON query_storage (client);
`;
