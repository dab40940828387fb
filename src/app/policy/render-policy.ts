/**
 * Writes a policy as YAML for people: a header that says how to use it, one block per device with where it came
 * from, and the evidence (flows, days) above each learned entry. Values are JSON-quoted (valid YAML) and comments
 * carry only printable ASCII, so nothing a device calls itself can break the file. Byte-stable for the same input.
 */

import { escapeJsonControls } from '../../util/untrusted-text.ts';
import type { GeneratedPolicy } from './generate-policy.ts';
import type { AllowEntry, PolicyDocument } from './policy-schema.ts';

const HEADER = `# iotwarden zero-trust policy. Each device may do what is allowed here, and nothing else.
# Edit freely, then: iotwarden policy check FILE; iotwarden policy preview FILE; iotwarden policy export FILE.
# Entries: name (a DNS name and its subdomains), suffix (a pool), cidr, role (router, home-assistant,
# owner-devices, same-model or a role from iotwarden.yaml roles:), device. direction: outbound (default) | inbound.
# defaults: dhcp, dns and ntp (to the router), firmware (the vendor's update servers), mdns, ssdp.
`;

export function renderPolicy(generated: Pick<GeneratedPolicy, 'document' | 'evidence' | 'headers'>): string {
  return renderDocument(generated.document, generated);
}

export function renderDocument(
  document: PolicyDocument,
  notes: Partial<Pick<GeneratedPolicy, 'evidence' | 'headers'>> = {},
): string {
  const lines = [HEADER.trimEnd(), `version: ${document.version}`, 'devices:'];
  if (document.devices.length === 0) lines[lines.length - 1] = 'devices: []';
  for (const device of document.devices) {
    const header = notes.headers?.get(device);
    if (header) lines.push(`  # ${comment(header)}`);
    lines.push(`  - device: ${quote(device.device)}`);
    lines.push(`    mode: ${device.mode}`);
    lines.push(`    defaults: [${device.defaults.join(', ')}]`);
    if (device.allow.length === 0) {
      lines.push('    allow: []');
      continue;
    }
    lines.push('    allow:');
    for (const entry of device.allow) lines.push(...renderEntry(entry, notes.evidence?.get(entry)));
  }
  return `${lines.join('\n')}\n`;
}

function renderEntry(entry: AllowEntry, evidence: { flows: number; days: number } | undefined): string[] {
  const lines: string[] = [];
  if (evidence)
    lines.push(`      # seen: ${evidence.flows} flows on ${evidence.days} day${evidence.days === 1 ? '' : 's'}`);
  const [key, value] = targetOf(entry);
  lines.push(`      - ${key}: ${quote(value)}`);
  if (entry.direction !== 'outbound') lines.push(`        direction: ${entry.direction}`);
  lines.push(`        ports: [${entry.ports.join(', ')}]`);
  if (entry.note !== undefined) lines.push(`        note: ${quote(entry.note)}`);
  return lines;
}

function targetOf(entry: AllowEntry): [string, string] {
  if (entry.name !== undefined) return ['name', entry.name];
  if (entry.suffix !== undefined) return ['suffix', entry.suffix];
  if (entry.cidr !== undefined) return ['cidr', entry.cidr];
  if (entry.role !== undefined) return ['role', entry.role];
  return ['device', entry.device ?? ''];
}

/**
 * A YAML double-quoted scalar: JSON's string syntax is a subset of it. C1, bidi and line-separator code points,
 * which JSON leaves raw, become `\uXXXX` escapes too (YAML reads them back to the same text).
 */
function quote(text: string): string {
  return escapeJsonControls(JSON.stringify(text));
}

function comment(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
