/** The register as the report shows it (app/report/risk-model.ts), and the home model with that section. */
import { homeModel } from '../report/home-views.ts';
import type { ReportModel } from '../report/report-model.ts';
import type { ReportRiskSection } from '../report/risk-model.ts';
import type { RiskEntry, RiskRegister } from './register.ts';
import { type RiskSession, readRiskRegister } from './risk-use-cases.ts';

/** A decision in a few words, the same in the report and the terminal. */
export function decisionWords(entry: RiskEntry): string {
  const d = entry.decision;
  if (!d) return entry.firmwareHold ? `fw held to ${entry.firmwareHold.until}` : '—';
  if (d.kind === 'accept') return d.status === 'expired' ? `accept EXPIRED ${d.until}` : `accepted until ${d.until}`;
  if (d.kind === 'mitigate') return `mitigate (${d.action}): ${d.status}`;
  return d.kind;
}

export function riskSection(register: RiskRegister): ReportRiskSection {
  return {
    rows: register.entries.map((entry) => ({
      label: entry.name ?? entry.address,
      level: entry.level,
      impact: entry.impact.level,
      likelihood: entry.likelihood.level,
      category: entry.context.category.value,
      reason: entry.reason,
      upside: entry.upside,
      decision: decisionWords(entry),
    })),
  };
}

/** The home's report model with its risk section: what `report` and the demo render. */
export async function homeModelWithRisk(session: RiskSession): Promise<{ model: ReportModel; register: RiskRegister }> {
  const model = await homeModel(session.store);
  const register = await readRiskRegister(session, model);
  model.risk = riskSection(register);
  return { model, register };
}
