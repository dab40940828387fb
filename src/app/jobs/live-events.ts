/**
 * The live events of the always-on process, as the dashboard receives them over Server-Sent Events: job states,
 * progress of a running job (scan progress, rollout steps), and findings a scan has just found. Each event gets a
 * sequence number, so a client that reconnects can say where it stopped (`Last-Event-ID`).
 */

export type JobKind = 'scan' | 'dns-import' | 'firmware-check' | 'maintenance-window' | 'firmware-apply';

export type LiveEventBody =
  | { type: 'job'; jobId: string; kind: JobKind; state: string; summary: string | null }
  | { type: 'scan-progress'; jobId: string; phase: string; percent: number; text: string }
  | {
      type: 'rollout-step';
      jobId: string;
      deviceId: string;
      name: string;
      action: string;
      reason: string;
    }
  | { type: 'finding'; deviceId: string; checkId: string; severity: string; title: string }
  | { type: 'device'; deviceId: string; change: 'new' | 'gone' | 'returned' };

export type LiveEvent = LiveEventBody & { seq: number; timeMs: number };

type Listener = (event: LiveEvent) => void;

/** How many recent events are kept for clients that reconnect. */
const REPLAY = 200;

export class LiveEvents {
  #listeners = new Set<Listener>();
  #recent: LiveEvent[] = [];
  #seq = 0;
  #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  publish(body: LiveEventBody): void {
    this.#seq += 1;
    const event = { ...body, seq: this.#seq, timeMs: this.#now() } as LiveEvent;
    this.#recent.push(event);
    if (this.#recent.length > REPLAY) this.#recent.shift();
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed stream) must not keep the others from hearing the event.
      }
    }
  }

  /** Calls `listener` for each new event (after replaying those newer than `afterSeq`); returns the unsubscribe. */
  subscribe(listener: Listener, afterSeq?: number): () => void {
    if (afterSeq !== undefined) for (const event of this.#recent) if (event.seq > afterSeq) listener(event);
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get subscribers(): number {
    return this.#listeners.size;
  }
}
