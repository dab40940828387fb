/** `risk …` and `advise`, the implementation: loaded only when one of them runs (definitions in risk.ts). */
import { bundledCatalogue } from '../../app/firmware/catalogue-load.ts';
import { systemTimeZone } from '../../app/firmware/policy-window.ts';
import { emptyHomeModel } from '../../app/report/home-views.ts';
import { adviseOn } from '../../app/risk/advise.ts';
import { buildRiskRegister } from '../../app/risk/register.ts';
import { riskRegisterJson } from '../../app/risk/risk-json.ts';
import {
  type DecisionRequest,
  decideRisk,
  type RiskSession,
  readRiskRegister,
  reviewRisks,
  setRiskContext,
} from '../../app/risk/risk-use-cases.ts';
import type { OwnerContext } from '../../app/risk/types.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { inventoryExists, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { firmwareTableWidth } from '../firmware-context.ts';
import { adviceText } from '../output/advise-text.ts';
import { colorEnabled } from '../output/color.ts';
import { riskText } from '../output/risk-text.ts';

/** The flags every risk command takes. */
export interface RiskFlags {
  json?: true | undefined;
  db?: string | undefined;
  config?: string | undefined;
}

/** Runs `work` in a risk session: the inventory open, the owner's config context and the policy's time zone. */
export function withRisk<T>(
  flags: Omit<RiskFlags, 'json'>,
  deps: CliDeps,
  access: 'read' | 'write',
  work: (s: RiskSession) => Promise<T>,
): Promise<T> {
  const { config } = readConfig(flags.config, deps);
  const configContext = new Map<string, OwnerContext>(
    config.risk.devices.map(({ device, ...context }) => [device, context as OwnerContext]),
  );
  const timeZone = config.firmware?.timeZone ?? systemTimeZone();
  return withStore(
    flags.db,
    deps,
    (store) => work({ store, nowMs: deps.clock.now(), timeZone, actor: 'cli', configContext }),
    { readonly: access === 'read' },
  );
}

export async function runRiskList(options: RiskFlags, deps: CliDeps): Promise<void> {
  // As `devices`: an inventory that does not exist yet is an empty home, not an error.
  const register = inventoryExists(options.db, deps)
    ? await withRisk(options, deps, 'read', (s) => readRiskRegister(s))
    : buildRiskRegister(emptyHomeModel(), { nowMs: deps.clock.now(), timeZone: 'UTC' });
  if (options.json) return void deps.out.write(jsonText({ register: riskRegisterJson(register) }));
  // The register is wide; a pipe gets room rather than a cut answer, as the firmware tables do.
  deps.out.write(riskText(register, { width: firmwareTableWidth(deps), color: colorEnabled(deps.out, deps.env) }));
}

/** The options `risk set` parses. */
export interface RiskSetOptions extends RiskFlags {
  category?: string | undefined;
  controls?: string | undefined;
  room?: string | undefined;
  outside?: true | undefined;
  inside?: true | undefined;
  user?: string[] | undefined;
  upside?: string | undefined;
}

export async function runRiskSet(ref: string, options: RiskSetOptions, deps: CliDeps): Promise<void> {
  const outside = options.outside ? true : options.inside ? false : undefined;
  const input = {
    category: options.category,
    controls: options.controls,
    room: options.room,
    outside,
    users: options.user,
    upside: options.upside,
  };
  const context = await withRisk(options, deps, 'write', (s) => setRiskContext(s, ref, input));
  deps.out.write(`${sanitizeText(ref)}: ${sanitizeText(JSON.stringify(context))}\n`);
}

/** The options `risk accept|mitigate|replace|remove` parse. */
export interface RiskDecisionOptions extends RiskFlags {
  reason: string;
  until?: string | undefined;
  action?: string | undefined;
}

export async function runRiskDecision(
  kind: DecisionRequest['kind'],
  ref: string,
  options: RiskDecisionOptions,
  deps: CliDeps,
): Promise<void> {
  const request = { kind, reason: options.reason, until: options.until, action: options.action };
  const { decision, replacement } = await withRisk(options, deps, 'write', async (s) => {
    const stored = await decideRisk(s, ref, request);
    const entry = (await readRiskRegister(s)).entries.find((e) => e.deviceId === stored.deviceId);
    return { decision: stored, replacement: kind === 'replace' ? (entry?.replacement ?? null) : null };
  });
  if (options.json) return void deps.out.write(jsonText({ decision, replacement }));
  const until = decision.until ? ` until ${decision.until}` : '';
  const action = decision.action ? ` (${decision.action}: ${decision.findingKeys.length} finding(s) linked)` : '';
  const fallback = 'a device of the same kind with local authentication, from a vendor that publishes fixes';
  const suggestion = kind === 'replace' ? `\nConsider ${replacement ?? fallback}.` : '';
  deps.out.write(`${sanitizeText(ref)}: ${kind}${action}${until}; recorded in the audit log${suggestion}\n`);
}

export async function runRiskReview(options: RiskFlags, deps: CliDeps): Promise<void> {
  const result = await withRisk(options, deps, 'write', (s) => reviewRisks(s));
  if (options.json)
    return void deps.out.write(
      jsonText({ expired: result.expired, cleared: result.cleared, register: riskRegisterJson(result.register) }),
    );
  const list = (names: string[]) => names.map((n) => sanitizeText(n, { maxLength: 40 })).join(', ');
  const lines = [
    result.expired.length > 0
      ? `Expired acceptances, now undecided again: ${list(result.expired)}`
      : 'No acceptance has expired.',
    result.cleared.length > 0
      ? `Mitigations done (their findings cleared): ${list(result.cleared)}`
      : 'No mitigation has cleared yet.',
  ];
  deps.out.write(`${lines.join('\n')}\n`);
}

export function runAdvise(query: string, options: { json?: true | undefined }, deps: CliDeps): void {
  const advice = adviseOn(query, deps.bundled ?? bundledCatalogue());
  deps.out.write(options.json ? jsonText({ advice }) : adviceText(advice));
}
