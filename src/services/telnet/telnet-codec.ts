/**
 * Telnet option negotiation (RFC 854 "Telnet Protocol Specification", RFC 855 options): IAC (255) starts a
 * command; WILL/WONT/DO/DONT (251-254) take one option byte; SB ... IAC SE (250 ... 240) is a subnegotiation;
 * IAC IAC is a literal 255.
 */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;
export const OPT_ECHO = 1;
export const OPT_SGA = 3;
export const OPT_NAWS = 31;

export interface TelnetSplit {
  /** The data bytes with every command removed. */
  data: Buffer;
  /** Negotiations seen, as [verb, option]. */
  negotiations: Array<[number, number]>;
  /** Bytes of an unfinished command at the end, to prepend to the next chunk. */
  rest: Buffer;
}

/** Separates data from telnet commands. */
export function splitTelnet(input: Buffer): TelnetSplit {
  const data: number[] = [];
  const negotiations: Array<[number, number]> = [];
  let i = 0;
  while (i < input.length) {
    const byte = input[i] as number;
    if (byte !== IAC) {
      data.push(byte);
      i += 1;
      continue;
    }
    const verb = input[i + 1];
    if (verb === undefined) break;
    if (verb === IAC) {
      data.push(IAC);
      i += 2;
    } else if (verb >= WILL && verb <= DONT) {
      const option = input[i + 2];
      if (option === undefined) break;
      negotiations.push([verb, option]);
      i += 3;
    } else if (verb === SB) {
      const end = input.indexOf(Buffer.from([IAC, SE]), i + 2);
      if (end < 0) break;
      i = end + 2;
    } else {
      i += 2; // NOP, GA, AYT and friends carry no data
    }
  }
  return { data: Buffer.from(data), negotiations, rest: input.subarray(i) };
}

/** The refusal answer to each request: DONT for WILL, WONT for DO, so a client never agrees to an option. */
export function refuseAll(negotiations: Array<[number, number]>): Buffer {
  const out: number[] = [];
  for (const [verb, option] of negotiations) {
    if (verb === WILL) out.push(IAC, DONT, option);
    else if (verb === DO) out.push(IAC, WONT, option);
  }
  return Buffer.from(out);
}
