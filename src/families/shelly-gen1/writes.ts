import { ProtocolError } from '../../errors/index.ts';
import { httpEvidence } from '../common/redact.ts';
import { gen1Get, jsonObject, requestLine, type ShellyEndpoint } from '../shelly/transport.ts';
import { type ShellyWriteOptions, type ShellyWriteResult, writeRefused } from '../shelly/writes.ts';

/**
 * One Gen1 write: a GET with the parameters in the query (Shelly Gen1 API), with Basic credentials when given.
 * `shownPath` is the path as evidence shows it: a query that carries a password is shown with it redacted.
 */
export async function gen1Write(endpoint: ShellyEndpoint, path: string, options: ShellyWriteOptions, shownPath = path) {
  const credential = options.credential?.password !== undefined ? options.credential : undefined;
  const response = await gen1Get(endpoint, path, options, credential);
  if (response.status === 401) throw writeRefused(endpoint, shownPath, credential !== undefined);
  if (response.status !== 200) {
    throw new ProtocolError(
      { host: endpoint.host, port: endpoint.port },
      `${shownPath} answered HTTP ${response.status}`,
    );
  }
  return {
    body: jsonObject(endpoint, shownPath, response),
    evidence: httpEvidence(requestLine(endpoint, shownPath), response),
  };
}

/**
 * `GET /ota?update=true`: installs the firmware the device offers, then reboots. `accepted` is false when the
 * device answers anything but `"status":"updating"` (nothing offered).
 */
export async function startGen1Update(
  endpoint: ShellyEndpoint,
  options: ShellyWriteOptions,
): Promise<ShellyWriteResult> {
  const { body, evidence } = await gen1Write(endpoint, '/ota?update=true', options);
  return { accepted: body.status === 'updating', evidence };
}

/** `GET /settings/cloud?enabled=0|1`: switches the vendor-cloud connection. */
export async function setGen1Cloud(
  endpoint: ShellyEndpoint,
  enabled: boolean,
  options: ShellyWriteOptions,
): Promise<ShellyWriteResult> {
  const { body, evidence } = await gen1Write(endpoint, `/settings/cloud?enabled=${enabled ? 1 : 0}`, options);
  return { accepted: body.enabled === enabled, evidence };
}
