/**
 * Topic names and filters (MQTT 3.1.1 §4.7, MQTT 5.0 §4.7): `/` separates levels, `+` matches one level, `#`
 * matches the rest and must come last, and a filter starting with a wildcard does not match a topic starting with
 * `$` (so `#` does not see `$SYS/...`).
 */

/** True when `filter` matches `topic`. */
export function topicMatches(filter: string, topic: string): boolean {
  // §4.7.2: wildcards at the first level do not match topics starting with `$`.
  if (topic.startsWith('$') && (filter.startsWith('#') || filter.startsWith('+'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** §4.7.1: `#` only as a whole last level, `+` only as a whole level; never empty. */
export function isValidFilter(filter: string): boolean {
  if (filter.length === 0) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    if (level.includes('+')) return level === '+';
    return true;
  });
}

/** §4.7.3: a topic name a client publishes to has no wildcards and is not empty. */
export function isValidTopicName(topic: string): boolean {
  return topic.length > 0 && !topic.includes('+') && !topic.includes('#');
}
