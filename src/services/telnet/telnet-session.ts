import type { ProbeContext, ProbeTarget } from '../../families/device-adapter.ts';
import { bounds, endpointOf } from '../common/evidence.ts';
import { TcpConversation } from '../common/tcp-conversation.ts';
import { refuseAll, splitTelnet } from './telnet-codec.ts';

export const LOGIN_PROMPT = /(login|username|user name)\s*:\s*$/i;
export const PASSWORD_PROMPT = /password\s*:\s*$/i;
export const SHELL_PROMPT = /[#$>%]\s?$/;
export const LOGIN_FAILED = /(login incorrect|incorrect|denied|failed|invalid)/i;

/**
 * A telnet connection that answers every option request with a refusal (RFC 854/855: a client may always say
 * DONT/WONT) and hands out only the text. Every read is bounded by the probe context.
 */
export class TelnetSession {
  readonly #conversation: TcpConversation;

  private constructor(conversation: TcpConversation) {
    this.#conversation = conversation;
  }

  static async open(target: ProbeTarget, port: number, context: ProbeContext): Promise<TelnetSession> {
    return new TelnetSession(await TcpConversation.open({ ...endpointOf(target, port), ...bounds(context) }));
  }

  get ended(): boolean {
    return this.#conversation.ended;
  }

  /** Reads until the text so far matches `pattern` (or the peer closes, or the deadline passes with `partial`). */
  async readUntil(pattern: RegExp, options: { partial?: boolean; timeoutMs?: number } = {}): Promise<string> {
    let answered = 0;
    let text = '';
    // The conversation hands over everything received so far at each call: answer only negotiations not yet
    // answered, and rebuild the text from the whole buffer.
    const interpret = (received: Buffer): string => {
      const split = splitTelnet(received);
      const fresh = split.negotiations.slice(answered);
      answered = split.negotiations.length;
      const answer = refuseAll(fresh);
      if (answer.length > 0) this.#conversation.write(answer);
      return split.data.toString('latin1');
    };
    const raw = await this.#conversation.readUntil(
      (received) => {
        text = interpret(received);
        return pattern.test(text);
      },
      {
        ...(options.partial !== undefined ? { partialOnTimeout: options.partial } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      },
    );
    return splitTelnet(raw).data.toString('latin1');
  }

  writeLine(text: string): void {
    this.#conversation.write(`${text}\r\n`);
  }

  close(): void {
    this.#conversation.close();
  }
}
