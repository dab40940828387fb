/**
 * Where a family's devices fetch firmware updates, so a confined device can still heal itself (issue 14: the
 * zero-trust defaults allow these). Each family's descriptor says it (`updateEndpoints`, a required field: a new
 * family that forgets it does not compile), and each entry says where the fact comes from.
 */

export interface UpdateEndpoints {
  /** DNS names; `suffix` entries also cover every name below them. */
  names: Array<{ name: string; suffix: boolean }>;
  /** Ports the download uses. */
  ports: Array<{ protocol: 'tcp'; port: number }>;
  /** How the fact is known. */
  source: string;
  /** When updates come from inside the home instead (ESPHome's dashboard), which role serves them. */
  localRole?: string;
}

/** Downloads over HTTPS, or HTTP where the vendor still serves images that way. */
export const HTTP_AND_HTTPS: UpdateEndpoints['ports'] = [
  { protocol: 'tcp', port: 443 },
  { protocol: 'tcp', port: 80 },
];
