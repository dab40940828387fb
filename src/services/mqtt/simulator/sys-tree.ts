/**
 * The `$SYS/broker/...` tree as Mosquitto 2.0 publishes it (sys_tree.c; topic names and value formats checked
 * against mosquitto 2.0.11 with `mosquitto_sub -v -t '$SYS/#'`): plain decimal counters, `N seconds` for the uptime,
 * `mosquitto version X` for the version, and load averages as per-minute rates smoothed over 1, 5 and 15 minutes,
 * printed with two decimals.
 */

/** Traffic counters the broker keeps for the tree. */
export interface BrokerCounters {
  bytesReceived: number;
  bytesSent: number;
  messagesReceived: number;
  messagesSent: number;
  publishReceived: number;
  publishSent: number;
  publishDropped: number;
  publishBytesReceived: number;
  publishBytesSent: number;
  /** TCP connections accepted. */
  sockets: number;
  /** CONNECTs accepted. */
  connections: number;
}

export function emptyCounters(): BrokerCounters {
  return {
    bytesReceived: 0,
    bytesSent: 0,
    messagesReceived: 0,
    messagesSent: 0,
    publishReceived: 0,
    publishSent: 0,
    publishDropped: 0,
    publishBytesReceived: 0,
    publishBytesSent: 0,
    sockets: 0,
    connections: 0,
  };
}

/** What the broker holds at the moment of reading. */
export interface BrokerSnapshot {
  connected: number;
  /** Sessions known, online or persistent offline. */
  total: number;
  maximum: number;
  subscriptions: number;
  retained: number;
  storedBytes: number;
}

/** `load/<name>` topics and the counter each one follows. */
const LOADS: Array<[string, keyof BrokerCounters]> = [
  ['messages/received', 'messagesReceived'],
  ['messages/sent', 'messagesSent'],
  ['publish/dropped', 'publishDropped'],
  ['publish/received', 'publishReceived'],
  ['publish/sent', 'publishSent'],
  ['bytes/received', 'bytesReceived'],
  ['bytes/sent', 'bytesSent'],
  ['sockets', 'sockets'],
  ['connections', 'connections'],
];
const WINDOWS: Array<[string, number]> = [
  ['1min', 60],
  ['5min', 300],
  ['15min', 900],
];

export class MosquittoSysTree {
  readonly #version: string;
  readonly #startedAt: number;
  readonly #loads = new Map<string, number>();
  #previous: BrokerCounters = emptyCounters();
  #previousAt: number;

  constructor(options: { version: string; startedAt: number }) {
    this.#version = options.version;
    this.#startedAt = options.startedAt;
    this.#previousAt = options.startedAt;
  }

  /** Advances the load averages to `now` (sys_tree.c calc_load: an exponentially weighted per-minute rate). */
  tick(now: number, counters: BrokerCounters): void {
    const seconds = (now - this.#previousAt) / 1000;
    if (seconds <= 0) return;
    for (const [name, key] of LOADS) {
      const perMinute = ((counters[key] - this.#previous[key]) / seconds) * 60;
      for (const [window, span] of WINDOWS) {
        const exponent = Math.exp(-seconds / span);
        const topic = `load/${name}/${window}`;
        this.#loads.set(topic, exponent * (this.#loads.get(topic) ?? 0) + (1 - exponent) * perMinute);
      }
    }
    this.#previous = { ...counters };
    this.#previousAt = now;
  }

  /** Every topic with its current value, in the order Mosquitto publishes them. */
  topics(now: number, counters: BrokerCounters, snapshot: BrokerSnapshot): Array<[string, string]> {
    const uptime = Math.max(0, Math.floor((now - this.#startedAt) / 1000));
    const stored = snapshot.retained;
    const entries: Array<[string, string | number]> = [
      ['version', `mosquitto version ${this.#version}`],
      ['uptime', `${uptime} seconds`],
      ['clients/total', snapshot.total],
      ['clients/inactive', snapshot.total - snapshot.connected],
      ['clients/disconnected', snapshot.total - snapshot.connected],
      ['clients/active', snapshot.connected],
      ['clients/connected', snapshot.connected],
      ['clients/expired', 0],
      ['clients/maximum', snapshot.maximum],
      ...LOADS.flatMap(([name]) =>
        WINDOWS.map(([window]): [string, string] => {
          const topic = `load/${name}/${window}`;
          return [topic, (this.#loads.get(topic) ?? 0).toFixed(2)];
        }),
      ),
      ['messages/stored', stored],
      ['messages/received', counters.messagesReceived],
      ['messages/sent', counters.messagesSent],
      ['store/messages/count', stored],
      ['store/messages/bytes', snapshot.storedBytes],
      ['subscriptions/count', snapshot.subscriptions],
      ['shared_subscriptions/count', 0],
      ['retained messages/count', snapshot.retained],
      // The simulator has no allocator to report; a quiet broker's figure that grows with what it stores.
      ['heap/current', 33336 + snapshot.storedBytes],
      ['heap/maximum', 34488 + snapshot.storedBytes],
      ['publish/messages/dropped', counters.publishDropped],
      ['publish/messages/received', counters.publishReceived],
      ['publish/messages/sent', counters.publishSent],
      ['publish/bytes/received', counters.publishBytesReceived],
      ['publish/bytes/sent', counters.publishBytesSent],
      ['bytes/received', counters.bytesReceived],
      ['bytes/sent', counters.bytesSent],
    ];
    return entries.map(([topic, value]) => [`$SYS/broker/${topic}`, String(value)]);
  }
}
