/**
 * The policy use cases the CLI (and later the HTTP API) call: generate a policy file from the learned profiles,
 * check one, and export it. No CLI types here: results are plain data.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { Store } from '../../store/index.ts';
import { domainClassifier } from '../dns/classify-domain.ts';
import { compilePolicy } from './compile-policy.ts';
import type { ExportFormat } from './export-formats.ts';
import { exportMud } from './export-mud.ts';
import { exportNftables } from './export-nftables.ts';
import { exportOpenWrt } from './export-openwrt.ts';
import { generatePolicy } from './generate-policy.ts';
import { checkNftables, type NftCheck } from './nft-check.ts';
import { policyContext } from './policy-context.ts';
import { PolicyError } from './policy-errors.ts';
import type { PolicyDocument } from './policy-schema.ts';
import type { TrafficProfile } from './profile-types.ts';
import { renderPolicy } from './render-policy.ts';

type PolicyConfig = Pick<IotwardenConfig, 'roles' | 'dns'>;

export interface GeneratedPolicyFile {
  text: string;
  document: PolicyDocument;
  /** Devices left out because no profile was learned for them yet. */
  withoutProfile: string[];
}

/** A policy file from the newest profile of every device (or of the devices named). */
export async function generatePolicyFile(
  store: Store,
  config: PolicyConfig,
  options: { devices?: readonly string[] } = {},
): Promise<GeneratedPolicyFile> {
  const { index } = await policyContext(store, config);
  const latest = new Map(store.profiles.latest().map((p) => [p.deviceId, p]));
  const wanted = options.devices?.length
    ? options.devices.map((ref) => {
        const device = index.resolve(ref);
        if (!device) throw new PolicyError('ERR_POLICY_DEVICE', `no device "${ref}" in the inventory`);
        if (!latest.has(device.id)) {
          throw new PolicyError(
            'ERR_POLICY_NO_PROFILE',
            `${device.name} has no learned profile yet: collect flows (iotwarden flows) and run iotwarden policy learn`,
          );
        }
        return device;
      })
    : index.devices;
  const inputs = wanted.flatMap((device) => {
    const stored = latest.get(device.id);
    return stored ? [{ profile: stored.profile as TrafficProfile, version: stored.version }] : [];
  });
  const generated = generatePolicy(inputs, index, domainClassifier(config.dns.domains));
  return {
    text: renderPolicy(generated),
    document: generated.document,
    withoutProfile: index.devices.filter((d) => !latest.has(d.id)).map((d) => d.name),
  };
}

export type { ExportFormat };

export interface PolicyExport {
  format: ExportFormat;
  /** File name → content; byte-stable for the same policy and inventory. */
  files: Record<string, string>;
  warnings: string[];
  /** nftables only: what `nft -c` said about the ruleset. */
  nftCheck?: NftCheck;
}

export async function exportPolicy(
  store: Store,
  config: PolicyConfig,
  document: PolicyDocument,
  format: ExportFormat,
  options: { check?: boolean } = {},
): Promise<PolicyExport> {
  const { index } = await policyContext(store, config);
  const compiled = compilePolicy(document, index);
  if (compiled.devices.length === 0) {
    throw new PolicyError(
      'ERR_POLICY_EXPORT',
      'the policy has no devices: generate one with iotwarden policy generate',
    );
  }
  if (format === 'nftables') {
    const nft = exportNftables(compiled);
    const result: PolicyExport = {
      format,
      files: { 'iotwarden.nft': nft.ruleset, 'iotwarden-dnsmasq.conf': nft.dnsmasq },
      warnings: nft.warnings,
    };
    if (options.check !== false) result.nftCheck = await checkNftables(nft.ruleset);
    return result;
  }
  if (format === 'openwrt') {
    const owrt = exportOpenWrt(compiled);
    return { format, files: owrt.files, warnings: owrt.warnings };
  }
  const mud = exportMud(compiled);
  return { format, files: mud.files, warnings: mud.warnings };
}
