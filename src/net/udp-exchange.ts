import { createSocket, type RemoteInfo } from 'node:dgram';

export interface UdpExchangeOptions {
  host: string;
  port: number;
  payload: Buffer;
  /** How long to collect answers. UDP has no "done": every answer that arrives in time is kept. */
  timeoutMs: number;
  maxBytes: number;
  /** Stop as soon as this many answers arrived. */
  maxAnswers?: number;
  signal?: AbortSignal;
}

/** Sends one datagram and collects the answers that come back to our socket before the deadline. */
export function udpExchange(options: UdpExchangeOptions): Promise<Array<{ data: Buffer; from: RemoteInfo }>> {
  return new Promise((resolve) => {
    const answers: Array<{ data: Buffer; from: RemoteInfo }> = [];
    const socket = createSocket('udp4');
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', finish);
      socket.close();
      resolve(answers);
    };
    const timer = setTimeout(finish, options.timeoutMs);
    options.signal?.addEventListener('abort', finish, { once: true });
    socket.on('error', finish);
    socket.on('message', (data, from) => {
      if (data.length <= options.maxBytes) answers.push({ data, from });
      if (options.maxAnswers !== undefined && answers.length >= options.maxAnswers) finish();
    });
    socket.send(options.payload, options.port, options.host, (error) => {
      if (error) finish();
    });
  });
}
