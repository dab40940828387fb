/** SSDP (UPnP Device Architecture 2.0 §1): HTTP-formatted messages over UDP ("HTTPU") on port 1900. */
export const SSDP_PORT = 1900;

export interface SsdpMessage {
  /** `M-SEARCH * HTTP/1.1`, `HTTP/1.1 200 OK`, `NOTIFY * HTTP/1.1`. */
  startLine: string;
  /** Header names lower-cased (HTTP header names are case-insensitive); the first of a repeated header wins. */
  headers: Record<string, string>;
}

/** Parses one SSDP datagram, or undefined when it is not HTTPU text. */
export function parseSsdpMessage(datagram: Buffer): SsdpMessage | undefined {
  const text = datagram.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  const lines = (end === -1 ? text : text.slice(0, end)).split(/\r?\n/);
  const startLine = lines.shift()?.trim();
  if (!startLine || !/HTTP\/1\.[01]/.test(startLine)) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
  }
  return { startLine, headers };
}

/**
 * A unicast M-SEARCH (UDA 2.0 §1.3.2): HOST names the device's own address and port, MAN is the quoted
 * `"ssdp:discover"`, MX bounds the device's answer delay in seconds.
 */
export function buildMSearch(address: string, port: number, st = 'ssdp:all', mxSeconds = 1): Buffer {
  const host = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  const lines = ['M-SEARCH * HTTP/1.1', `HOST: ${host}`, 'MAN: "ssdp:discover"', `MX: ${mxSeconds}`, `ST: ${st}`];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
}

/** The headers of an SSDP search answer (`HTTP/1.1 200 OK` with an ST), or undefined. */
export function parseSsdpAnswer(datagram: Buffer): Record<string, string> | undefined {
  const message = parseSsdpMessage(datagram);
  if (!message || !/^HTTP\/1\.[01] 200\b/.test(message.startLine) || message.headers.st === undefined) return undefined;
  return message.headers;
}
