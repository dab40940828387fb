export { REDACTED, redactSecrets } from '../../families/common/redact.ts';
export {
  challengeFromRpcError,
  type DigestChallenge,
  digestAuthorization,
  parseDigestChallenge,
  requestWithDigest,
  type ShellyAuthObject,
  shellyAuthObject,
} from '../../families/shelly/digest-auth.ts';
export {
  callShellyRpc,
  endpointOf,
  type ShellyEndpoint,
  type ShellyExchangeLimits,
  ShellyRpcError,
} from '../../families/shelly/transport.ts';
export {
  type ShellyWriteOptions,
  type ShellyWriteResult,
  type ShellyWriteTarget,
  setShellyCloud,
  startShellyUpdate,
} from '../../families/shelly/writes.ts';
export { shellyGen1Adapter } from '../../families/shelly-gen1/adapter.ts';
export { shellyGen2Adapter } from '../../families/shelly-gen2/adapter.ts';
