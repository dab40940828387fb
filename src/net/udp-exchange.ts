import { createSocket, type RemoteInfo } from 'node:dgram';

export interface UdpExchangeOptions {
  host: string;
  port: number;
  payload: Buffer;
  /** How long to collect answers. UDP has no "done": every answer that arrives in time is kept. */
  timeoutMs: number;
  /** Larger datagrams are dropped. */
  maxBytes: number;
  /**
   * Stop as soon as this many answers arrived. Default 32: a peer can answer without end, so this also bounds
   * what is kept to `maxAnswers × maxBytes`.
   */
  maxAnswers?: number;
  signal?: AbortSignal;
}

const DEFAULT_MAX_ANSWERS = 32;

/**
 * Sends one datagram and collects the answers that come back to our socket before the deadline. It never
 * rejects: a send that fails (no route, a port that is no port) or an already aborted signal end it with the
 * answers so far, as silence would.
 */
export function udpExchange(options: UdpExchangeOptions): Promise<Array<{ data: Buffer; from: RemoteInfo }>> {
  const answers: Array<{ data: Buffer; from: RemoteInfo }> = [];
  const signal = options.signal;
  if (signal?.aborted) return Promise.resolve(answers);
  const maxAnswers = options.maxAnswers ?? DEFAULT_MAX_ANSWERS;
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      socket.close();
      resolve(answers);
    };
    socket.on('error', finish);
    const timer = setTimeout(finish, options.timeoutMs);
    signal?.addEventListener('abort', finish, { once: true });
    socket.on('message', (data, from) => {
      if (data.length <= options.maxBytes) answers.push({ data, from });
      if (answers.length >= maxAnswers) finish();
    });
    try {
      socket.send(options.payload, options.port, options.host, (error) => (error ? finish() : undefined));
    } catch {
      // dgram validates the port before sending (ERR_SOCKET_BAD_PORT): nobody can answer there.
      finish();
    }
  });
}
