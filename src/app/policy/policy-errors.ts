import { IotwardenError } from '../../errors/index.ts';

/**
 * Stable codes for what a policy can get wrong against the inventory (the file's own mistakes are ConfigErrors
 * with a line): a device the inventory does not have, a device without a learned profile, a role nobody defined.
 */
export type PolicyErrorCode = 'ERR_POLICY_DEVICE' | 'ERR_POLICY_NO_PROFILE' | 'ERR_POLICY_ROLE' | 'ERR_POLICY_EXPORT';

/** A caller's mistake (exit 2): the policy or the request names something that is not there. */
export class PolicyError extends IotwardenError {
  constructor(code: PolicyErrorCode, message: string) {
    super(code, message, { kind: 'usage' });
  }
}
