/**
 * The check catalogue: every check iotwarden runs, in report order. It is a plain list, so adding a check (the
 * later `privacy.*` ones, or a plugin's) means appending a definition here or passing a longer list to
 * `runChecks`; nothing else changes. Ids are validated to be unique.
 */
import type { HostFacts } from '../families/facts.ts';
import { authDefaultCredentialsCheck, authNoLoginCheck } from './auth-checks.ts';
import type { CheckContext, CheckDefinition, CheckResult } from './check.ts';
import { cloudEnabledCheck, credentialsExposedCheck } from './data-checks.ts';
import { belowMinimumCheck } from './firmware-below-minimum.ts';
import { knownVulnerableCheck } from './firmware-known-vulnerable.ts';
import { autoUpdateOffCheck, updateAvailableCheck } from './firmware-update-checks.ts';
import { identityConflictCheck } from './identity-conflict.ts';
import { lifxUnauthenticatedCheck } from './lifx-unauthenticated.ts';
import { matterCommissioningOpenCheck } from './matter-commissioning-open.ts';
import {
  cameraInternetCheck,
  iotReachesAdminCheck,
  iotReachesTrustedCheck,
  networkFlatCheck,
} from './network-segmentation.ts';
import { pairingOpenCheck } from './pairing-open.ts';
import { cloudDespiteDisabledCheck } from './privacy-cloud-despite-disabled.ts';
import { newDestinationCheck } from './privacy-new-destination.ts';
import { phoneHomeCheck } from './privacy-phone-home.ts';
import { trackerContactCheck } from './privacy-tracker-contact.ts';
import { esphomePlaintextCheck, kasaLegacyXorCheck, mqttAnonymousCheck } from './protocol-checks.ts';
import { debugInterfaceCheck, openDatabaseCheck, rtspNoAuthCheck, telnetCheck } from './service-checks.ts';
import { transportCleartextAdminCheck } from './transport-cleartext-admin.ts';
import { tuyaLegacyCheck } from './tuya-legacy.ts';
import { upnpPortMappingCheck } from './upnp-port-mapping.ts';

/** Builds a catalogue and rejects duplicate ids, which would make stored findings ambiguous. */
export function defineCatalogue(checks: readonly CheckDefinition[]): readonly CheckDefinition[] {
  const seen = new Set<string>();
  for (const check of checks) {
    if (!/^[a-z]+\.[a-z0-9-]+$/.test(check.id)) throw new TypeError(`check id "${check.id}" is not <area>.<name>`);
    if (seen.has(check.id)) throw new TypeError(`check id "${check.id}" is defined twice`);
    seen.add(check.id);
  }
  return Object.freeze([...checks]);
}

export const CHECK_CATALOGUE: readonly CheckDefinition[] = defineCatalogue([
  authDefaultCredentialsCheck,
  authNoLoginCheck,
  pairingOpenCheck,
  credentialsExposedCheck,
  identityConflictCheck,
  transportCleartextAdminCheck,
  kasaLegacyXorCheck,
  esphomePlaintextCheck,
  mqttAnonymousCheck,
  // Issue 15, part A.
  lifxUnauthenticatedCheck,
  tuyaLegacyCheck,
  matterCommissioningOpenCheck,
  telnetCheck,
  openDatabaseCheck,
  rtspNoAuthCheck,
  upnpPortMappingCheck,
  debugInterfaceCheck,
  knownVulnerableCheck,
  belowMinimumCheck,
  updateAvailableCheck,
  autoUpdateOffCheck,
  cloudEnabledCheck,
  phoneHomeCheck,
  cloudDespiteDisabledCheck,
  trackerContactCheck,
  newDestinationCheck,
  networkFlatCheck,
  iotReachesTrustedCheck,
  iotReachesAdminCheck,
  cameraInternetCheck,
]);

/** Looks a check up by id in a catalogue. */
export function findCheck(
  id: string,
  catalogue: readonly CheckDefinition[] = CHECK_CATALOGUE,
): CheckDefinition | undefined {
  return catalogue.find((check) => check.id === id);
}

/**
 * Runs every check of the catalogue on one host. A check that throws is a bug, but one bad check must not hide
 * the others' findings: it is reported as skipped with the error message.
 */
export function runChecks(
  host: HostFacts,
  context: CheckContext = { hosts: [host] },
  catalogue: readonly CheckDefinition[] = CHECK_CATALOGUE,
): Required<CheckResult> {
  const result: Required<CheckResult> = { findings: [], skipped: [] };
  for (const check of catalogue) {
    try {
      const outcome = check.run(host, context);
      result.findings.push(...outcome.findings);
      result.skipped.push(...(outcome.skipped ?? []));
    } catch (error) {
      result.skipped.push({
        checkId: check.id,
        reason: `check failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return result;
}
