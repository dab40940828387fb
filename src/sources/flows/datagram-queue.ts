/**
 * Datagrams read from the socket and not yet decoded, bounded by their total size. The collector reads the socket as
 * fast as datagrams arrive and decodes in slices between reads, so a burst waits here rather than in the kernel's
 * receive buffer, where the overflow is dropped unseen (bench:flows: thousands of datagrams per burst). When the
 * bound is reached the newest datagram is refused, and the collector counts it.
 */
export interface QueuedDatagram {
  message: Buffer;
  /** `address:port` of the exporter. */
  exporter: string;
  /** When it was read, Unix ms: the fallback time of records without usable times. */
  receivedMs: number;
}

export class DatagramQueue {
  readonly maxBytes: number;
  #items: QueuedDatagram[] = [];
  #head = 0;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Bytes of the datagrams held. */
  get bytes(): number {
    return this.#bytes;
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Queues a datagram; false (and nothing queued) when it would pass maxBytes. */
  push(datagram: QueuedDatagram): boolean {
    if (this.#bytes + datagram.message.length > this.maxBytes) return false;
    this.#items.push(datagram);
    this.#bytes += datagram.message.length;
    return true;
  }

  shift(): QueuedDatagram | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head]!;
    this.#head += 1;
    this.#bytes -= item.message.length;
    // Drop the consumed prefix now and then, so the array does not keep every datagram of a long run.
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}
