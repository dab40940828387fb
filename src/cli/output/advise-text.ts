/** `iotwarden advise` as text. */
import type { Advice } from '../../app/risk/advise.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';

const AUTH = {
  none: 'none: anyone on the network can control it',
  optional: 'available, off until you set it',
  required: 'always required',
};
const LOCAL = {
  'local-only': 'works without the cloud',
  'after-cloud-setup': 'works locally after setup through the vendor cloud',
  'cloud-required': 'needs the vendor cloud',
};

export function adviceText(advice: Advice): string {
  // The model is the user's own argument, but it reaches the terminal, so it is escaped like device text.
  const lines = [`${advice.vendor}${advice.model ? ` ${sanitizeText(advice.model, { maxLength: 80 })}` : ''}`, ''];
  for (const family of advice.families) {
    lines.push(`${family.family} (${family.category})`);
    lines.push(`  local API:       ${family.localApi}`);
    lines.push(`  authentication:  ${AUTH[family.localAuth]}`);
    lines.push(`  cloud:           ${LOCAL[family.localOperation]}`);
    lines.push(
      `  updates:         installed by ${family.updatedBy === 'device' ? 'the device (iotwarden can start them)' : family.updatedBy === 'vendor-app' ? "the vendor's app" : 'the owner'}`,
    );
    const dated = family.releases.filter((r) => r.releaseDate);
    const history =
      dated.length > 0
        ? `${family.releases.length} known releases, ${dated[0]!.releaseDate} … ${dated.at(-1)!.releaseDate}`
        : `${family.releases.length} known releases, no dates`;
    const gap =
      family.medianReleaseGapDays === null ? '' : `; a release every ${family.medianReleaseGapDays} days (median)`;
    lines.push(`  update history:  ${history}${gap}`);
    if (family.advisories.length === 0) lines.push('  advisories:      none known');
    for (const a of family.advisories) {
      const fix = a.fixedVersion ? `fixed in ${a.fixedVersion}` : 'no fix published';
      lines.push(`  advisory:        ${a.id} (${a.severity}${a.onKev ? ', on CISA KEV' : ''}): ${a.title}; ${fix}`);
    }
    lines.push('');
  }
  lines.push(`Vendor trust: ${advice.trust.level} (${advice.trust.summary})`);
  for (const fact of advice.trust.facts) lines.push(`  [${fact.rating}] ${fact.text} (${fact.source}, ${fact.date})`);
  lines.push('', advice.verdict, '');
  return lines.join('\n');
}
