/** `firmware.known-vulnerable`: the installed firmware is in the affected range of a shipped advisory. */
import type { HostFacts } from '../families/facts.ts';
import { type AdvisoryMatch, matchAdvisories } from './advisories.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass, skip } from './check.ts';
import { updateSteps } from './firmware-steps.ts';
import { deviceLabel, limitationReason } from './host-view.ts';

export const knownVulnerableCheck: CheckDefinition = {
  id: 'firmware.known-vulnerable',
  title: 'Firmware with a published vulnerability',
  severity: 'high',
  severityRationale: 'The flaw is public, with a CVE; the finding takes the severity of the advisory.',
  references: {
    etsi: ['5.3-2', '5.3-8'],
    owasp: ['I5', 'I4'],
    nist: ['Software Update', 'Cybersecurity State Awareness'],
  },
  explanation:
    'The firmware on this device is listed in a published security advisory (a CVE). Details of the flaw are public, which makes it far easier to attack than an unknown one.',
  action: 'Patch the known vulnerability on',
  run(host: HostFacts): CheckResult {
    const device = host.device;
    if (!device) return pass();
    const matches = matchAdvisories(device);
    if (matches.length === 0) return pass();
    if (!device.firmware.installed) {
      return skip(
        knownVulnerableCheck,
        limitationReason(host, ['firmware', 'version'], 'the installed firmware version is unknown'),
      );
    }
    const undetermined = matches.filter((match) => match.affected === undefined);
    const findings = matches.filter((match) => match.affected === true).map((match) => toFinding(host, match));
    const skipped = undetermined.map((match) => ({
      checkId: knownVulnerableCheck.id,
      reason: `cannot compare firmware "${device.firmware.installed}" with the range of ${match.advisory.id}`,
    }));
    return skipped.length > 0 ? { findings, skipped } : { findings };
  },
};

function toFinding(host: HostFacts, { advisory, product }: AdvisoryMatch) {
  const installed = host.device!.firmware.installed!;
  const fix = product.fixedVersion
    ? `Version ${product.fixedVersion} fixes it.`
    : 'No fixed version has been published yet.';
  const condition = advisory.condition ? ` ${advisory.condition}` : '';
  return makeFinding(knownVulnerableCheck, {
    subject: advisory.id,
    severity: advisory.severity,
    title: `${advisory.id}: ${advisory.title}`,
    detail: `${deviceLabel(host)} (${product.product}) runs firmware ${installed}, which ${advisory.id} lists as vulnerable. ${advisory.summary} ${fix}${condition}`,
    evidence: [
      {
        sent: `firmware ${installed} (${host.device!.model ?? 'model unknown'}${host.device!.hwVersion ? `, hardware ${host.device!.hwVersion}` : ''})`,
        received: `${advisory.id} affects ${product.product} ${describeRange(product.affected)}${advisory.cvss ? `; ${advisory.cvss}` : ''}`,
      },
    ],
    remediation: product.fixedVersion
      ? [`Update to ${product.fixedVersion} or later.`, ...updateSteps(host)]
      : [
          'No fix is published: turn off the affected feature if you can, and keep the device on an isolated network until the vendor ships one.',
          ...updateSteps(host),
        ],
    extraReferences: [advisory.id, ...advisory.sources],
  });
}

function describeRange(range: {
  introduced?: string | undefined;
  lessThan?: string | undefined;
  lastAffected?: string | undefined;
}): string {
  const parts = [
    range.introduced ? `from ${range.introduced}` : undefined,
    range.lessThan ? `before ${range.lessThan}` : undefined,
    range.lastAffected ? `up to and including ${range.lastAffected}` : undefined,
  ];
  return parts.filter(Boolean).join(' ');
}
