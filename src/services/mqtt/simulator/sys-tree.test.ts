import { describe, expect, it } from 'vitest';
import { emptyCounters, MosquittoSysTree } from './sys-tree.ts';
import { isValidFilter, isValidTopicName, topicMatches } from './topics.ts';

const snapshot = { connected: 1, total: 1, maximum: 1, subscriptions: 1, retained: 40, storedBytes: 151 };

describe('$SYS tree', () => {
  it('names topics and formats values as mosquitto 2.0.11 does', () => {
    const tree = new MosquittoSysTree({ version: '2.0.11', startedAt: 0 });
    const topics = new Map(tree.topics(3_000, emptyCounters(), snapshot));
    expect(topics.get('$SYS/broker/version')).toBe('mosquitto version 2.0.11');
    expect(topics.get('$SYS/broker/uptime')).toBe('3 seconds');
    expect(topics.get('$SYS/broker/clients/connected')).toBe('1');
    expect(topics.get('$SYS/broker/retained messages/count')).toBe('40');
    expect(topics.get('$SYS/broker/load/messages/received/1min')).toBe('0.00');
  });

  it('smooths load as a per-minute rate: 2 messages in 3 s read 1.95 over one minute, as captured', () => {
    const tree = new MosquittoSysTree({ version: '2.0.11', startedAt: 0 });
    // mosquitto 2.0.11, 3 s after start with one subscriber: messages/received 2 → load/messages/received/1min 1.95.
    tree.tick(3_000, { ...emptyCounters(), messagesReceived: 2 });
    const topics = new Map(tree.topics(3_000, { ...emptyCounters(), messagesReceived: 2 }, snapshot));
    expect(topics.get('$SYS/broker/load/messages/received/1min')).toBe('1.95');
    expect(topics.get('$SYS/broker/load/messages/received/5min')).toBe('0.40');
    expect(topics.get('$SYS/broker/load/messages/received/15min')).toBe('0.13');
  });
});

describe('topic filters', () => {
  it('matches + and #, and keeps $ topics away from leading wildcards', () => {
    expect(topicMatches('home/+/door', 'home/garage/door')).toBe(true);
    expect(topicMatches('home/#', 'home')).toBe(true);
    expect(topicMatches('home/+', 'home/a/b')).toBe(false);
    expect(topicMatches('#', '$SYS/broker/uptime')).toBe(false);
    expect(topicMatches('+/broker/uptime', '$SYS/broker/uptime')).toBe(false);
    expect(topicMatches('$SYS/#', '$SYS/broker/uptime')).toBe(true);
  });

  it('rejects wildcards that are not whole levels, and wildcards in topic names', () => {
    expect(isValidFilter('a/#/b')).toBe(false);
    expect(isValidFilter('a/b#')).toBe(false);
    expect(isValidFilter('a+/b')).toBe(false);
    expect(isValidFilter('')).toBe(false);
    expect(isValidFilter('+/+/#')).toBe(true);
    expect(isValidTopicName('a/+')).toBe(false);
    expect(isValidTopicName('a/b')).toBe(true);
  });
});
