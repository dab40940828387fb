import { jsonPreview } from '../../util/bounded-json.ts';
import { deviceHttp } from '../common/device-http.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';
import { type EurekaInfo, eurekaInfoSchema } from './schema.ts';

/** The Cast setup API (plain HTTP) and the Cast v2 channel (TLS, length-prefixed protobuf), fixtures/cast README. */
export const CAST_HTTP_PORT = 8008;
export const CAST_TLS_PORT = 8009;
export const CAST_MDNS_TYPE = '_googlecast._tcp';
/** Nested objects on firmware that honours `params`; older firmware ignores it and answers the flat object. */
export const EUREKA_PATH = '/setup/eureka_info?params=version,name,build_info,device_info,net&options=detail';

export type EurekaAnswer =
  | { kind: 'info'; info: EurekaInfo; evidence: Evidence }
  /** Newer firmware: the setup API wants the `cast-local-authorization-token` header (GHLocalApi, mid-2019 on). */
  | { kind: 'token-required'; evidence: Evidence }
  | { kind: 'other'; evidence: Evidence };

/** Reads `eureka_info`, the one setup call that older firmware answers without a token. */
export async function readEurekaInfo(endpoint: ExchangeLimits & { host: string; port: number }): Promise<EurekaAnswer> {
  const response = await deviceHttp({ ...endpoint, path: EUREKA_PATH });
  const sent = `GET http://${endpoint.host}:${CAST_HTTP_PORT}${EUREKA_PATH}`;
  if (response.status === 401 || response.status === 403) {
    return {
      kind: 'token-required',
      evidence: { sent, received: `${response.status} (needs cast-local-authorization-token)` },
    };
  }
  if (response.status !== 200) return { kind: 'other', evidence: { sent, received: `${response.status}` } };
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return { kind: 'other', evidence: { sent, received: '200 (not JSON)' } };
  }
  const parsed = eurekaInfoSchema.safeParse(body);
  if (!parsed.success) return { kind: 'other', evidence: { sent, received: '200 (not an eureka_info object)' } };
  const { name: _name, ...shown } = parsed.data;
  return { kind: 'info', info: parsed.data, evidence: { sent, received: `200 ${jsonPreview(pick(shown), 260)}` } };
}

/** Evidence keeps the version fields, not the owner's SSID, BSSID or location that eureka_info also gives out. */
function pick(info: Omit<EurekaInfo, 'name'>): Record<string, unknown> {
  const { cast_build_revision, build_version, release_track, version, build_info, has_update } = info;
  return { cast_build_revision, build_version, release_track, version, build_info, has_update };
}
