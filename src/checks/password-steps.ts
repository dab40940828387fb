/** Device-specific steps for turning on a login, shared by the auth and protocol checks. */
import type { HostFacts } from '../families/facts.ts';
import { adviceFor } from './host-view.ts';

/** How to put a password on this host's management interface, in the vendor's own words. */
export function setPasswordSteps(host: HostFacts): string[] {
  return adviceFor(host).setPassword(host);
}
