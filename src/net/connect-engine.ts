import { createNativeConnectEngine } from './connect-engine-native.ts';
import { createSocketConnectEngine } from './connect-engine-socket.ts';

import type { ConnectEngine, ConnectEngineOptions } from './connect-engine-types.ts';

export type { ConnectEngine, ConnectEngineOptions } from './connect-engine-types.ts';
export type { ConnectOutcome } from './connect-outcome.ts';

/**
 * The fastest engine this Node offers: libuv TCP handles straight from Node's `tcp_wrap` binding when it is
 * available (about 4× the connects per second of net.Socket, which builds a whole stream per probe), else
 * net.Socket. Both report the same outcomes; the engine test runs against both.
 */
export function createConnectEngine(options: ConnectEngineOptions): ConnectEngine {
  return (options.kind !== 'socket' && createNativeConnectEngine(options)) || createSocketConnectEngine(options);
}
