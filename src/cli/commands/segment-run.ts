/** `segment audit` and `segment plan`, the implementation (definitions in segment.ts). */
import { auditSegments } from '../../app/segment/segment-audit.ts';
import { planSegments } from '../../app/segment/segment-plan.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { auditText, planText } from '../output/segment-text.ts';

/** The options `segment plan` parses; `segment audit` adds its vantage point and targets. */
export interface SegmentOptions {
  json?: true | undefined;
  config?: string | undefined;
  db?: string | undefined;
}

/** The options `segment audit` parses. */
export interface SegmentAuditOptions extends SegmentOptions {
  source?: string | undefined;
  internet?: string[] | undefined;
  timeout: string;
}

export async function runSegmentAudit(options: SegmentAuditOptions, deps: CliDeps): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const interrupt = deps.interrupt();
  const audit = await withStore(
    options.db,
    deps,
    (store) =>
      auditSegments(store, config, {
        ...(options.source ? { source: options.source } : {}),
        internet: options.internet ?? [],
        timeoutMs: Math.max(100, Math.min(30_000, Number(options.timeout) || 1500)),
        signal: interrupt.signal,
      }),
    { readonly: true },
  ).finally(interrupt.dispose);
  deps.out.write(options.json ? jsonText(audit) : auditText(audit));
}

export async function runSegmentPlan(options: SegmentOptions, deps: CliDeps): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const plan = await withStore(options.db, deps, (store) => planSegments(store, config), { readonly: true });
  deps.out.write(options.json ? jsonText(plan) : planText(plan));
}
