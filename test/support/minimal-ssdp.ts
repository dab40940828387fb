import { createSocket } from 'node:dgram';

/**
 * Test support: an SSDP client written from UPnP Device Architecture 1.0 §1.3.2 (M-SEARCH over HTTPU) and §1.3.3 (the
 * answer's header lines), independent of iotwarden's SSDP code, to check that a simulator answers what any UPnP
 * control point would read. Unicast to one device: the lab's devices answer on their own address.
 */
export function minimalMSearch(
  host: string,
  port: number,
  st: string,
  timeoutMs = 1500,
): Promise<Array<Record<string, string>>> {
  const request = [
    'M-SEARCH * HTTP/1.1',
    `HOST: ${host}:${port}`,
    'MAN: "ssdp:discover"',
    'MX: 1',
    `ST: ${st}`,
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const answers: Array<Record<string, string>> = [];
    const timer = setTimeout(() => {
      socket.close();
      resolve(answers);
    }, timeoutMs);
    socket.on('message', (message) => {
      const [status, ...lines] = message.toString('utf8').split(/\r?\n/);
      if (!/^HTTP\/1\.1 200/.test(status ?? '')) return;
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toUpperCase()] = line.slice(colon + 1).trim();
      }
      answers.push(headers);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.send(request, port, host);
  });
}
