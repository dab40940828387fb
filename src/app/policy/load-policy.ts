/**
 * Reads a policy file: YAML validated so that every mistake names its line (an unknown key, a bad port, an entry
 * with two targets) as iotwarden.yaml does; a CIDR is checked here too, because zod cannot.
 *
 * Fast first: a file in the plain subset iotwarden writes (src/util/yaml-subset.ts) is read without positions and
 * validated; only when that is not possible, or the policy is invalid, is it parsed again with positions, so the
 * error names its line. Positions for every node were most of `policy export` on a 250-device home (bench:policy).
 */
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { ConfigError } from '../../errors/index.ts';
import { MAX_YAML_CHARS, parseYamlSource, validateAt } from '../../util/yaml-source.ts';
import { parseYamlSubset } from '../../util/yaml-subset.ts';
import { type PolicyDocument, policySchema } from './policy-schema.ts';

/** Bigger than any home's policy; a larger file is refused before it is parsed. */
const MAX_POLICY_BYTES = 4 * 1024 * 1024;

export function parsePolicy(text: string, file: string): PolicyDocument {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) {
    throw new ConfigError(`a policy file is at most ${MAX_POLICY_BYTES} bytes`, { file, code: 'ERR_POLICY' });
  }
  const fast = text.length <= MAX_YAML_CHARS ? parseYamlSubset(text) : undefined;
  if (fast) {
    const valid = policySchema.safeParse(fast.value ?? {});
    if (
      valid.success &&
      valid.data.devices.every((d) => d.allow.every((e) => e.cidr === undefined || isCidr(e.cidr)))
    ) {
      return valid.data;
    }
  }
  const source = parseYamlSource(text, file);
  const policy = validateAt(policySchema, source.value ?? {}, { file, lineOf: source.lineOf, label: 'policy' });
  policy.devices.forEach((device, d) => {
    device.allow.forEach((entry, a) => {
      if (entry.cidr !== undefined && !isCidr(entry.cidr)) {
        const line = source.lineOf(['devices', d, 'allow', a, 'cidr']);
        throw new ConfigError(`policy: devices.${d}.allow.${a}.cidr: not an address or CIDR: ${entry.cidr}`, {
          file,
          ...(line === undefined ? {} : { line }),
        });
      }
    });
  });
  return policy;
}

export function loadPolicy(file: string): PolicyDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the policy: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      file,
      cause: error,
      code: 'ERR_POLICY',
    });
  }
  return parsePolicy(text, file);
}

export function isCidr(text: string): boolean {
  if (ipaddr.isValid(text)) return true;
  try {
    ipaddr.parseCIDR(text);
    return true;
  } catch {
    return false;
  }
}
