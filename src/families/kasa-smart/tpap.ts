import { z } from 'zod';
import { deviceHttp } from '../common/device-http.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';

/**
 * TPAP, the login newer Tapo firmware uses instead of KLAP (python-kasa `kasa/transports/tpaptransport.py`): its
 * `_discover` posts `{"method":"login","params":{"sub_method":"discover"}}` to `/` and reads `result.tpap`
 * (`noc`, `dac`, `tls`, `pake`). The session itself is SPAKE2+ or a certificate from TP-Link's cloud; iotwarden does
 * not speak it, so this only proves which protocol the device wants.
 */
const discoverSchema = z.object({
  error_code: z.literal(0),
  result: z.looseObject({
    tpap: z.looseObject({
      noc: z.boolean().optional(),
      dac: z.boolean().optional(),
      tls: z.number().int().optional(),
      pake: z.array(z.number().int()).max(16).optional(),
    }),
  }),
});

export interface TpapCapabilities {
  tls: number | undefined;
  pake: number[];
  evidence: Evidence;
}

/** The device's TPAP capabilities, or undefined when `/` does not answer TPAP's discover. */
export async function tpapDiscover(
  endpoint: ExchangeLimits & { host: string; port: number },
): Promise<TpapCapabilities | undefined> {
  const body = '{"method":"login","params":{"sub_method":"discover"}}';
  const response = await deviceHttp({
    ...endpoint,
    path: '/',
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    maxBytes: Math.min(endpoint.maxBytes, 16 * 1024),
  }).catch(() => undefined);
  if (response?.status !== 200) return undefined;
  let parsed: z.infer<typeof discoverSchema>;
  try {
    const result = discoverSchema.safeParse(response.json());
    if (!result.success) return undefined;
    parsed = result.data;
  } catch {
    return undefined;
  }
  const { tls, pake } = parsed.result.tpap;
  return {
    tls,
    pake: pake ?? [],
    evidence: {
      sent: `POST http://${endpoint.host}:${endpoint.port}/ ${body}`,
      received: `200 {"error_code":0,"result":{"tpap":${JSON.stringify(parsed.result.tpap)}}}`,
    },
  };
}
