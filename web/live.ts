/**
 * Live updates from /api/events (Server-Sent Events). One EventSource for the whole dashboard; pages subscribe to
 * the event types they show. The browser reconnects by itself and sends Last-Event-ID, so nothing is missed.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LiveEvent } from './types.ts';

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
const EVENT_TYPES = ['job', 'scan-progress', 'rollout-step', 'finding', 'device'] as const;
let source: EventSource | undefined;

function connect(): void {
  if (source) return;
  source = new EventSource('/api/events');
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message) => {
      let event: LiveEvent;
      try {
        event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
      } catch {
        return; // not ours to guess at
      }
      for (const listener of listeners) listener(event);
    });
  }
}

/** Closes the stream (at logout). */
export function disconnectLive(): void {
  source?.close();
  source = undefined;
}

/** Calls `listener` with every live event while the caller is mounted. */
export function useLiveEvents(listener: Listener): void {
  useEffect(() => {
    connect();
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, [listener]);
}

/** A counter that changes whenever an event of one of `types` arrives: a page reloads its data on it. */
export function useLiveTick(types: readonly LiveEvent['type'][]): number {
  const [tick, setTick] = useState(0);
  const key = types.join(',');
  useEffect(() => {
    connect();
    const wanted = new Set(key.split(','));
    const listener: Listener = (event) => {
      if (wanted.has(event.type) && (event.type !== 'job' || event.state === 'done' || event.state === 'failed'))
        setTick((n) => n + 1);
    };
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, [key]);
  return tick;
}
