/**
 * Likelihood: how easily the device can be misused, from its findings and exposure. Each factor adds points;
 * the level is 1 + points, capped at 5 (a device on the LAN with nothing known against it is 1). A factor counts
 * once however many findings back it. docs/decisions/risk-score.md gives the reasons for each weight.
 */
import type { Finding } from '../../checks/finding.ts';
import type { KevEntry } from '../../checks/kev.ts';
import type { VendorTrust } from '../../checks/vendor-trust.ts';
import type { ReportDevice } from '../report/report-model.ts';
import type { Likelihood, LikelihoodFactor, Rating } from './types.ts';

const LAN = 'anyone on your Wi-Fi';

/** Checks whose finding means the device can be used without credentials by anyone on the network. */
const NO_AUTH_CHECKS: Readonly<Record<string, string>> = {
  'auth.no-login': 'it answers without a password',
  'protocol.kasa-legacy-xor': 'its protocol has no password (Kasa XOR)',
  'protocol.lifx-unauthenticated': 'its LAN protocol has no authentication',
  'protocol.tuya-legacy': 'its old Tuya protocol sends status in the clear',
  'protocol.esphome-plaintext': 'its API is unencrypted',
  'protocol.mqtt-anonymous': 'its MQTT broker takes anonymous clients',
  'service.open-database': 'it runs a database without a password',
  'service.rtsp-no-auth': 'its video stream needs no password',
  'service.telnet': 'it offers a telnet shell',
  'service.debug-interface': 'a debug interface is switched on',
  'auth.pairing-open': 'its pairing window hands out tokens to anyone',
};

export interface LikelihoodInputs {
  /** UPnP mappings across the home that forward an internet port to this device (finding subjects). */
  exposedBy: readonly string[];
  kev: (cve: string) => KevEntry | undefined;
  trust: VendorTrust;
  /** No local API was found: the maker's cloud runs the device. */
  cloudOnly: boolean;
  /** Days since the first newer release came out, and that release (from the firmware catalogue). */
  unpatched?: { days: number; version: string; releaseDate: string } | undefined;
}

/** A year without a published update is a year in which the flaws it fixed were public. */
const LONG_UNPATCHED_DAYS = 365;

const keyOf = (finding: Finding) => (finding.subject ? `${finding.checkId}:${finding.subject}` : finding.checkId);

function factor(
  id: LikelihoodFactor['id'],
  points: number,
  because: string,
  findings: readonly Finding[],
  who = LAN,
): LikelihoodFactor {
  return { id, points, who, because, findings: findings.map(keyOf) };
}

function authFactors(findings: readonly Finding[]): LikelihoodFactor[] {
  const out: LikelihoodFactor[] = [];
  const defaults = findings.filter((f) => f.checkId === 'auth.default-credentials');
  if (defaults.length > 0) out.push(factor('default-credentials', 3, 'it still takes its factory password', defaults));
  const open = findings.filter((f) => f.checkId in NO_AUTH_CHECKS);
  if (open.length > 0) out.push(factor('no-auth', 2, NO_AUTH_CHECKS[open[0]!.checkId]!, open));
  const secrets = findings.filter((f) => f.checkId === 'data.credentials-exposed');
  if (secrets.length > 0) out.push(factor('secret-exposed', 1, 'it gives away a stored password', secrets));
  const cleartext = findings.filter((f) => f.checkId === 'transport.cleartext-admin');
  if (cleartext.length > 0) {
    out.push(
      factor('cleartext', 1, 'its password crosses the network in plain text', cleartext, 'someone on your Wi-Fi'),
    );
  }
  return out;
}

function firmwareFactors(findings: readonly Finding[], inputs: LikelihoodInputs): LikelihoodFactor[] {
  const kev = inputs.kev;
  const out: LikelihoodFactor[] = [];
  const vulnerable = findings.filter((f) => f.checkId === 'firmware.known-vulnerable');
  const exploited = vulnerable.filter((f) => f.subject !== undefined && kev(f.subject) !== undefined);
  if (exploited.length > 0) {
    const dates = exploited.map((f) => `${f.subject} (on CISA's KEV list since ${kev(f.subject!)!.dateAdded})`);
    out.push(factor('known-exploited', 3, `attackers are exploiting ${dates.join(', ')}`, exploited, 'attackers'));
  } else if (vulnerable.length > 0) {
    const ids = vulnerable.map((f) => f.subject).filter(Boolean);
    out.push(factor('known-vulnerable', 1, `its firmware has a published flaw (${ids.join(', ')})`, vulnerable));
  }
  const behind = findings.filter(
    (f) => f.checkId === 'firmware.update-available' || f.checkId === 'firmware.below-minimum',
  );
  // The catalogue's age only refines what a firmware finding already says: a device the checks call current is
  // not called behind here (the device may know better than the catalogue, e.g. a model-specific release line).
  const age = behind.length > 0 || vulnerable.length > 0 ? inputs.unpatched : undefined;
  if (behind.length > 0 || age) {
    const long = age !== undefined && age.days >= LONG_UNPATCHED_DAYS;
    const because = age
      ? `its firmware has gone ${age.days} days without ${age.version} (released ${age.releaseDate})`
      : 'its firmware is out of date';
    out.push(factor('unpatched', long ? 2 : 1, because, behind));
  }
  return out;
}

/** The likelihood of misuse of one device. */
export function assessLikelihood(device: ReportDevice, inputs: LikelihoodInputs): Likelihood {
  const findings = device.findings;
  const factors = [...authFactors(findings), ...firmwareFactors(findings, inputs)];
  if (inputs.exposedBy.length > 0) {
    factors.push({
      id: 'internet-exposed',
      points: 2,
      who: 'anyone on the internet',
      because: `the router forwards a port to it through UPnP (${inputs.exposedBy.join(', ')})`,
      findings: inputs.exposedBy.map((subject) => `service.upnp-port-mapping:${subject}`),
    });
  }
  const cloud = findings.filter((f) => f.checkId === 'cloud.enabled');
  if (cloud.length > 0 || inputs.cloudOnly) {
    const because = inputs.cloudOnly ? "it is run from its maker's cloud" : "its maker's cloud can reach it";
    factors.push(factor('cloud', 1, because, cloud, "whoever gets into the vendor's cloud"));
  }
  if (inputs.trust.level === 'poor') {
    factors.push({
      id: 'vendor-trust',
      points: 1,
      who: 'attackers',
      because: `${inputs.trust.vendor} patches poorly (${inputs.trust.summary})`,
      findings: [],
    });
  }
  factors.sort((a, b) => b.points - a.points);
  const points = factors.reduce((sum, f) => sum + f.points, 0);
  return { level: Math.min(5, 1 + points) as Rating, factors };
}
