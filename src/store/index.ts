export { resolveDbPath } from './db-path.ts';
export type { AddressHolding, AnalysisClient, AnalysisNetworkHost, AnalysisPair } from './dns-analysis-read.ts';
export type { DnsAnswerRepository, StoredDnsAnswer } from './dns-answer-repository.ts';
export type { DnsRepository } from './dns-repository.ts';
export type { FindingFilter } from './finding-repository.ts';
export type { AuditFilter, FirmwareRepository, NewCatalogue, NewHold, StoredCatalogue } from './firmware-repository.ts';
export type { FixChangeState, FixJournalEntry, FixJournalRepository, NewFixChange } from './fix-journal-repository.ts';
export type {
  FlowRepository,
  FlowSourceKind,
  FlowSourceRow,
  SeenConnection,
  StoredConversation,
} from './flow-repository.ts';
export type { ConflictReason } from './identity-merge.ts';
export type { NewRiskDecision, RiskRepository, StoredRiskDecision } from './risk-repository.ts';
export type { NewRollout, Rollout, RolloutRepository, RolloutStep, StepUpdate } from './rollout-repository.ts';
export type { RolloutState, StepRole, StepState } from './rollout-schema.ts';
export type { ScanIdentityConflict } from './scan-identity.ts';
export type { FinishScanInput, ScanSession } from './scan-session.ts';
export type { TrustOrigin } from './schema.ts';
export type { RecordSightingsResult } from './source-sightings-repository.ts';
export { STORE_ERROR_CODES } from './sqlite-errors.ts';
export { type OpenStoreOptions, openStore, Store } from './store.ts';
export type {
  ProfileMeta,
  ProfileStatus,
  StoredEvent,
  StoredProfile,
  TrafficProfileRepository,
  ZeroTrustEvent,
} from './traffic-profile-repository.ts';
export type {
  CredentialUse,
  DeviceTrust,
  TrustAllNewResult,
  TrustBinding,
  TrustedDeviceView,
  TrustRepository,
} from './trust-repository.ts';
export type * from './types.ts';
