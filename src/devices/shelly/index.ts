export {
  challengeFromRpcError,
  type DigestChallenge,
  digestAuthorization,
  parseDigestChallenge,
  requestWithDigest,
  type ShellyAuthObject,
  shellyAuthObject,
} from './digest-auth.ts';
export { shellyGen1Adapter } from './gen1-adapter.ts';
export { shellyGen2Adapter } from './gen2-adapter.ts';
export { REDACTED, redactSecrets } from './redact.ts';
export {
  callShellyRpc,
  endpointOf,
  type ShellyEndpoint,
  type ShellyExchangeLimits,
  ShellyRpcError,
} from './shelly-transport.ts';
export {
  type ShellyWriteOptions,
  type ShellyWriteResult,
  type ShellyWriteTarget,
  setShellyCloud,
  startShellyUpdate,
} from './write-actions.ts';
