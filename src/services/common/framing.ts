import { type Endpoint, ProtocolError } from '../../errors/index.ts';

/**
 * Wraps a "is the answer complete?" check for tcpExchange. Parsers throw on garbage, and the check runs inside a
 * socket 'data' event where a throw would be an uncaught exception; treating garbage as "complete" ends the read,
 * and the caller's own parse of the bytes then raises the typed ProtocolError.
 */
export function completeOrGarbage(check: (received: Buffer) => boolean): (received: Buffer) => boolean {
  return (received) => {
    try {
      return check(received);
    } catch {
      return true;
    }
  };
}

/** Parsers raise ProtocolError without knowing the peer; name host and port before it reaches the user. */
export function located(error: unknown, endpoint: Endpoint): unknown {
  if (error instanceof ProtocolError && error.endpoint === undefined) {
    return new ProtocolError(endpoint, error.message, error);
  }
  return error;
}
