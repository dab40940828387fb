/**
 * Splits a byte stream into lines without ever holding more than `maxLineBytes` of one line. Lines are decoded as
 * UTF-8 only once complete, so a character split across two chunks stays whole.
 */
export class BoundedLineSplitter {
  readonly #maxLineBytes: number;
  readonly #onOverlong: () => void;
  #parts: Buffer[] = [];
  #length = 0;
  /** Inside an over-long line: drop bytes until its end. */
  #skipping = false;

  constructor(maxLineBytes: number, onOverlong: () => void) {
    this.#maxLineBytes = maxLineBytes;
    this.#onOverlong = onOverlong;
  }

  *push(chunk: Buffer): Generator<string> {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
      this.#append(chunk.subarray(start, newline));
      const line = this.#finish();
      if (line !== undefined) yield line;
      start = newline + 1;
    }
    this.#append(chunk.subarray(start));
  }

  /** The last line when the file does not end with a newline. */
  *end(): Generator<string> {
    if (this.#length === 0) return;
    const line = this.#finish();
    if (line !== undefined) yield line;
  }

  #append(piece: Buffer): void {
    if (this.#skipping || piece.length === 0) return;
    if (this.#length + piece.length > this.#maxLineBytes) {
      this.#skipping = true;
      this.#parts = [];
      this.#length = 0;
      this.#onOverlong();
      return;
    }
    this.#parts.push(piece);
    this.#length += piece.length;
  }

  #finish(): string | undefined {
    if (this.#skipping) {
      this.#skipping = false;
      return undefined;
    }
    const bytes = this.#parts.length === 1 ? (this.#parts[0] as Buffer) : Buffer.concat(this.#parts, this.#length);
    this.#parts = [];
    this.#length = 0;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return bytes.toString('utf8', 0, end);
  }
}
