/** What INFO reads from the server at the moment it is asked. */
export interface InfoState {
  version: string;
  port: number;
  uptimeS: number;
  runId: string;
  connectedClients: number;
  pubsubClients: number;
  totalConnections: number;
  totalCommands: number;
  /** Per database with keys: [index, keys, expiring]. */
  keyspace: Array<[number, number, number]>;
  usedMemory: number;
}

/**
 * INFO as redis-server 7.0 lays it out (server.c genRedisInfoString): `# Section` headers, `field:value` lines, a
 * blank line between sections. Client libraries read it on connect: ioredis waits for `loading:0`, others parse
 * `redis_version` and `role`. The default set leaves out `commandstats` and `latencystats`, as Redis does.
 */
export function infoText(state: InfoState, requested: string[]): string {
  const sections: Record<string, string[]> = {
    server: [
      `redis_version:${state.version}`,
      'redis_git_sha1:00000000',
      'redis_git_dirty:0',
      'redis_mode:standalone',
      'os:Linux 4.4.302+ x86_64',
      'arch_bits:64',
      'multiplexing_api:epoll',
      'process_id:1',
      `run_id:${state.runId}`,
      `tcp_port:${state.port}`,
      `uptime_in_seconds:${state.uptimeS}`,
      `uptime_in_days:${Math.floor(state.uptimeS / 86400)}`,
      'hz:10',
      'executable:/data/redis-server',
      'config_file:',
    ],
    clients: [
      `connected_clients:${state.connectedClients}`,
      'maxclients:10000',
      'blocked_clients:0',
      `pubsub_clients:${state.pubsubClients}`,
    ],
    memory: [`used_memory:${state.usedMemory}`, 'maxmemory:0', 'maxmemory_policy:noeviction'],
    persistence: ['loading:0', 'async_loading:0', 'rdb_changes_since_last_save:0', 'aof_enabled:0'],
    stats: [
      `total_connections_received:${state.totalConnections}`,
      `total_commands_processed:${state.totalCommands}`,
      'rejected_connections:0',
      'expired_keys:0',
    ],
    replication: ['role:master', 'connected_slaves:0', 'master_repl_offset:0'],
    cpu: ['used_cpu_sys:0.100000', 'used_cpu_user:0.100000'],
    modules: [],
    errorstats: [],
    cluster: ['cluster_enabled:0'],
    keyspace: state.keyspace.map(([db, keys, expires]) => `db${db}:keys=${keys},expires=${expires},avg_ttl=0`),
  };
  const defaults = Object.keys(sections);
  const wanted = requested.map((s) => s.toLowerCase());
  const chosen =
    wanted.length === 0 || wanted.some((s) => ['default', 'all', 'everything'].includes(s))
      ? defaults
      : defaults.filter((s) => wanted.includes(s));
  if (chosen.length === 0) return '';
  const title = (s: string): string =>
    s === 'cpu' ? 'CPU' : s === 'errorstats' ? 'Errorstats' : s[0]?.toUpperCase() + s.slice(1);
  return `${chosen.map((s) => [`# ${title(s)}`, ...(sections[s] ?? [])].join('\r\n')).join('\r\n\r\n')}\r\n`;
}
