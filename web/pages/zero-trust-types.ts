/** The shape of GET /api/zero-trust (src/app/policy/zero-trust-overview.ts), as the page reads it. */

export interface ZeroTrustProfile {
  deviceId: string;
  deviceName: string;
  version: number;
  status: 'learning' | 'learned';
  confidence: number;
  daysObserved: number;
  flows: number;
  entries: number;
  learnedMs: number;
}

export interface ZeroTrustEvent {
  deviceId: string;
  deviceName: string;
  kind: string;
  subject: string;
  atMs: number;
}

export interface PreviewItem {
  direction: 'outbound' | 'inbound';
  peer: string;
  service: string;
  flows: number;
  days: number;
  sentence: string;
}

export interface PreviewDevice {
  deviceId: string;
  deviceName: string;
  mode: string;
  flows: number;
  blockedFlows: number;
  blocked: PreviewItem[];
  served: Array<{ origin: string; label: string; flows: number }>;
  notes: string[];
}

export interface ZeroTrustData {
  profiles: ZeroTrustProfile[];
  events: ZeroTrustEvent[];
  withoutProfile: string[];
  policy: { source: 'file'; file: string } | { source: 'generated' } | undefined;
  preview: { fromMs: number; toMs: number; devices: PreviewDevice[]; warnings: string[] } | undefined;
}
