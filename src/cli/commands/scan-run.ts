/** `iotwarden scan`, the implementation: loaded only when it runs (definition in scan.ts). */
import { toJsonReport } from '../../app/report/render-json.ts';
import { type ScanInvocation, scanAndAudit } from '../../app/scan/scan-and-audit.ts';
import type { LoadedConfig } from '../../config/load-config.ts';
import { UsageError } from '../../errors/index.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { readConfig } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_INTERRUPTED } from '../exit-codes.ts';
import { colorEnabled } from '../output/color.ts';
import { printScanSummary } from '../output/scan-summary.ts';

/** The options `scan` parses. */
export interface ScanFlags {
  targets?: string | undefined;
  ports?: string | undefined;
  allowLarge?: true | undefined;
  credentialChecks: boolean;
  dhcpLeases?: string | undefined;
  timeout?: number | undefined;
  json?: true | undefined;
  progress: boolean;
  config?: string | undefined;
  db?: string | undefined;
}

/** Flags first, then iotwarden.yaml: the scan a user asked for. */
function scanInvocation(flags: ScanFlags, loaded: LoadedConfig, deps: CliDeps): ScanInvocation {
  const { config, file } = loaded;
  const targets = flags.targets ? flags.targets.split(',') : config.networks;
  if (targets.length === 0) {
    throw new UsageError(
      `nothing to scan: give --targets or list networks: in ${file ?? 'iotwarden.yaml'} (iotwarden never sweeps your network by itself)`,
      { code: 'ERR_NO_TARGETS' },
    );
  }
  return {
    targets,
    ports: flags.ports ?? config.scan.ports ?? 'default',
    allowLarge: flags.allowLarge === true,
    credentialEntries: config.credentials,
    credentialChecks: flags.credentialChecks && config.scan.credentialChecks !== false,
    leaseFiles: [flags.dhcpLeases ?? config.scan.dhcpLeases].filter((f): f is string => f !== undefined),
    connectTimeoutMs: flags.timeout ?? config.scan.connectTimeoutMs,
    requestTimeoutMs: config.scan.requestTimeoutMs,
    connectConcurrency: config.scan.concurrency,
    db: flags.db,
    progress: flags.progress ? deps.err : undefined,
    log: deps.logger('warn'),
  };
}

/** Scans what the flags and iotwarden.yaml name, stores the results and prints them. */
export async function runScan(options: ScanFlags, deps: CliDeps): Promise<void> {
  const invocation = scanInvocation(options, readConfig(options.config, deps), deps);
  const interrupt = deps.interrupt();
  const result = await scanAndAudit({ ...invocation, signal: interrupt.signal }).finally(interrupt.dispose);
  if (options.json) {
    const json = toJsonReport(result.model);
    deps.out.write(
      jsonText({
        ...json,
        summary: {
          ...json.summary,
          status: result.status,
          changes: result.record.changes,
          credentialsWithheld: result.withheld,
        },
      }),
    );
  } else printScanSummary(deps.out, result, colorEnabled(deps.out, deps.env));
  if (result.status === 'cancelled') deps.setExitCode(EXIT_INTERRUPTED);
}
