/**
 * The 5×5 risk matrix: impact × likelihood gives a score of 1–25 and a level. The bands are the common ones of
 * ISO 31000-style 5×5 matrices: 1–4 low, 5–9 medium, 10–16 high, 20–25 critical (docs/decisions/risk-score.md).
 */
import type { Impact, Likelihood, RiskLevel } from './types.ts';

export function riskLevel(score: number): RiskLevel {
  if (score >= 20) return 'critical';
  if (score >= 10) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

/** The level of one matrix cell. */
export function cellLevel(impact: number, likelihood: number): RiskLevel {
  return riskLevel(impact * likelihood);
}

/**
 * The cell's reasoning in plain words: who could do what, and why it is easy. "Anyone on your Wi-Fi could open
 * the garage door: it answers without a password."
 */
export function reasonLine(impact: Impact, likelihood: Likelihood): string {
  const main = likelihood.factors[0];
  if (!main) return `Someone who gets onto your network could ${impact.harm}; nothing known makes that easy.`;
  const more = likelihood.factors.slice(1, 3).map((f) => f.because);
  const also = more.length > 0 ? `; also ${more.join(' and ')}` : '';
  return `${capitalise(main.who)} could ${impact.harm}: ${main.because}${also}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
