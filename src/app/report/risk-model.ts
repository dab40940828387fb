/**
 * The report's risk section (issue 16), as the renderers need it: the matrix's counts per cell and the register's
 * rows. Built by app/risk (riskSection) so the report layer does not depend on how risk is computed.
 */
export interface ReportRiskRow {
  /** Untrusted: the owner's name for the device, or its address. */
  label: string;
  level: 'critical' | 'high' | 'medium' | 'low';
  impact: number;
  likelihood: number;
  category: string;
  /** The cell's reasoning in one line. Contains device-derived text; renderers escape it. */
  reason: string;
  upside: string | null;
  /** The decision in a few words ("accepted until 2027-01-15", "mitigate (firmware): pending", "—"). */
  decision: string;
}

export interface ReportRiskSection {
  rows: ReportRiskRow[];
}
