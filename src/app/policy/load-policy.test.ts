import { describe, expect, it } from 'vitest';
import { parseYamlSource, validateAt } from '../../util/yaml-source.ts';
import { parseYamlSubset } from '../../util/yaml-subset.ts';
import { parsePolicy } from './load-policy.ts';
import { policySchema } from './policy-schema.ts';
import { renderDocument } from './render-policy.ts';

const POLICY = [
  '# written by iotwarden',
  'version: 1',
  'devices:',
  '  - device: "Küche plug 🔌"',
  '    mode: learned',
  '    defaults: [dhcp, dns, ntp, firmware]',
  '    allow:',
  '      # seen: 12 flows on 3 days',
  '      - name: "api.vendor.example"',
  '        ports: [tcp/443, udp/123]',
  '      - cidr: "192.0.2.0/24"',
  '        direction: inbound',
  '        ports: [tcp/any]',
  '        note: "the owner\'s \\"NAS\\""',
  '',
].join('\n');

describe('parsePolicy', () => {
  it('reads a policy in the written subset without positions, to the same document the full parser gives', () => {
    expect(parseYamlSubset(POLICY)).toBeDefined();
    const full = parseYamlSource(POLICY, 'p.yaml');
    const expected = validateAt(policySchema, full.value, { file: 'p.yaml', lineOf: full.lineOf });
    expect(parsePolicy(POLICY, 'p.yaml')).toEqual(expected);
    // What it renders reads back to itself.
    expect(parsePolicy(renderDocument(expected), 'q.yaml')).toEqual(expected);
  });

  it('still names the line of a mistake found after the fast read (an unknown key, a bad CIDR)', () => {
    expect(() =>
      parsePolicy(POLICY.replace('        direction: inbound', '        directoin: inbound'), 'p.yaml'),
    ).toThrow(/p\.yaml:12: .*directoin/);
    expect(() => parsePolicy(POLICY.replace('192.0.2.0/24', '192.0.2.0/99'), 'p.yaml')).toThrow(
      /p\.yaml:11: .*not an address or CIDR/,
    );
  });

  it('reads YAML outside the subset the full way (anchors, single quotes)', () => {
    const text =
      "version: 1\ndevices:\n  - device: 'plug'\n    defaults: &d [dns]\n  - device: lamp\n    defaults: *d\n";
    expect(parseYamlSubset(text)).toBeUndefined();
    expect(parsePolicy(text, 'p.yaml').devices.map((d) => [d.device, d.defaults])).toEqual([
      ['plug', ['dns']],
      ['lamp', ['dns']],
    ]);
  });
});
