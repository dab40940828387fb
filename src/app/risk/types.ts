/** The risk register's vocabulary (issue 16). See docs/decisions/risk-score.md for how the numbers are made. */
import type { FunctionCategory } from '../../families/function-category.ts';

/** A fact about a device and where it came from ("owner (risk set)", "device name", "model SHSW-1"). */
export interface SourcedFact<T> {
  value: T;
  source: string;
}

/** What the owner said about a device, from the CLI (`risk set`) or iotwarden.yaml. Unchecked strings. */
export interface OwnerContext {
  category?: FunctionCategory;
  /** What the device switches: `heater`, `garage door`, `christmas tree`. */
  controls?: string;
  room?: string;
  outside?: boolean;
  /** Who uses it or is near it: `child`. */
  users?: string[];
  /** What the device is worth to the household, in the owner's words. */
  upside?: string;
}

/** Everything the register knows about what a device does and where, each fact with its source. */
export interface DeviceContext {
  category: SourcedFact<FunctionCategory>;
  controls?: SourcedFact<string>;
  room?: SourcedFact<string>;
  outside?: SourcedFact<boolean>;
  users?: SourcedFact<string[]>;
  upside?: SourcedFact<string>;
}

/** A 1–5 rating on one axis of the matrix. */
export type Rating = 1 | 2 | 3 | 4 | 5;

/** Why a device is more likely to be misused. */
export interface LikelihoodFactor {
  id:
    | 'default-credentials'
    | 'no-auth'
    | 'internet-exposed'
    | 'known-exploited'
    | 'known-vulnerable'
    | 'secret-exposed'
    | 'cleartext'
    | 'cloud'
    | 'unpatched'
    | 'vendor-trust';
  points: number;
  /** Who could do it: "anyone on your Wi-Fi", "anyone on the internet". */
  who: string;
  /** Plain words: "it answers without a password". */
  because: string;
  /** The finding keys (`checkId` or `checkId:subject`) behind the factor. */
  findings: string[];
}

export interface Likelihood {
  level: Rating;
  /** Strongest first. */
  factors: LikelihoodFactor[];
}

export type ImpactDimension = 'safety' | 'privacy' | 'property' | 'network';

export interface Impact {
  level: Rating;
  dimension: ImpactDimension;
  /** What misuse does, as a verb phrase: "open the garage door", "watch the nursery". */
  harm: string;
  /** Why this level, from category and context. */
  because: string;
}

export const RISK_LEVELS = ['critical', 'high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const DECISION_KINDS = ['accept', 'mitigate', 'replace', 'remove'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** What a mitigation does; fix and firmware are iotwarden's own commands, confine and move are tracked. */
export const MITIGATION_ACTIONS = ['fix', 'firmware', 'confine', 'move'] as const;
export type MitigationAction = (typeof MITIGATION_ACTIONS)[number];
