import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeTarget } from '../../src/families/device-adapter.ts';
import { MAX_FACTORY_TRIES, PRODUCT_LINES } from '../../src/services/common/factory-credentials.ts';
import { httpIdentifier } from '../../src/services/http/http-identifier.ts';
import { telnetIdentifier } from '../../src/services/telnet/telnet-identifier.ts';
import { testAddress } from '../support/addresses.ts';
import { contextFor } from '../support/service-probe.ts';

/**
 * Counting peers: a web server that always refuses and a telnetd whose login always fails. They count every
 * credential attempt, so the tests can hold the identifiers to "at most three, only for identified products".
 */
const servers: Array<Server | HttpServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen<T extends Server | HttpServer>(server: T, address: string): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return (server.address() as { port: number }).port;
}

async function refusingWeb(address: string, serverHeader: string): Promise<{ port: number; attempts: () => number }> {
  let attempts = 0;
  const server = createHttpServer((req, res) => {
    if (req.headers.authorization) attempts += 1;
    res.writeHead(401, { server: serverHeader, 'www-authenticate': 'Basic realm="index.html"' });
    res.end();
  });
  return { port: await listen(server, address), attempts: () => attempts };
}

async function refusingTelnet(address: string): Promise<{ port: number; attempts: () => number }> {
  let attempts = 0;
  const server = createServer((socket) => {
    let expectingPassword = false;
    socket.write('\r\n(none) login: ');
    socket.on('data', (chunk) => {
      const lines = chunk
        .toString('latin1')
        .split('\r\n')
        .filter((l) => l.length > 0).length;
      for (let i = 0; i < lines; i++) {
        if (expectingPassword) {
          attempts += 1;
          expectingPassword = false;
          socket.write('\r\nLogin incorrect\r\n(none) login: ');
        } else {
          expectingPassword = true;
          socket.write('\r\nPassword: ');
        }
      }
    });
    socket.on('error', () => socket.destroy());
  });
  return { port: await listen(server, address), attempts: () => attempts };
}

function target(address: string, ports: Record<number, number>): ProbeTarget {
  return {
    address,
    openTcpPorts: new Set(Object.keys(ports).map(Number)),
    connectPort: (port) => ports[port] ?? port,
    udp: { answers: {} },
    mdns: [],
  };
}

describe('default-credential checks', () => {
  it('documents a source for every pair and never lists more pairs than it may try', () => {
    for (const line of PRODUCT_LINES) {
      for (const pair of [...(line.http ?? []), ...(line.telnet ?? [])]) expect(pair.source.length).toBeGreaterThan(20);
    }
    expect(MAX_FACTORY_TRIES).toBe(3);
  });

  it("HTTP: tries the identified line's pairs, at most three, and none with credential checks off", async () => {
    const address = testAddress();
    const web = await refusingWeb(address, 'Hipcam');
    const t = target(address, { 80: web.port });
    const facts = await httpIdentifier.identify(t, 80, contextFor());
    expect(facts?.defaultCredentials).toBeUndefined();
    expect(web.attempts()).toBeGreaterThan(0);
    expect(web.attempts()).toBeLessThanOrEqual(3);
    const before = web.attempts();
    await httpIdentifier.identify(t, 80, contextFor({ credentialChecks: false }));
    expect(web.attempts()).toBe(before);
  });

  it('HTTP: tries nothing on a server it cannot identify', async () => {
    const address = testAddress();
    const web = await refusingWeb(address, 'lighttpd/1.4.59');
    const facts = await httpIdentifier.identify(target(address, { 80: web.port }), 80, contextFor());
    expect(facts?.auth).toBe('required');
    expect(web.attempts()).toBe(0);
  });

  it('telnet: on a host identified as Hipcam, at most three logins; none when checks are off', async () => {
    const address = testAddress();
    const web = await refusingWeb(address, 'Hipcam');
    const telnet = await refusingTelnet(address);
    const facts = await telnetIdentifier.identify(target(address, { 80: web.port, 23: telnet.port }), 23, contextFor());
    expect(facts).toMatchObject({ auth: 'required' });
    expect(facts?.defaultCredentials).toBeUndefined();
    expect(telnet.attempts()).toBe(3);
    const off = await refusingTelnet(address);
    await telnetIdentifier.identify(
      target(address, { 80: web.port, 23: off.port }),
      23,
      contextFor({ credentialChecks: false }),
    );
    expect(off.attempts()).toBe(0);
  });

  it("telnet: tries nothing when the host's firmware is not identified", async () => {
    const address = testAddress();
    const web = await refusingWeb(address, 'nginx');
    const telnet = await refusingTelnet(address);
    const facts = await telnetIdentifier.identify(target(address, { 80: web.port, 23: telnet.port }), 23, contextFor());
    expect(facts?.auth).toBe('required');
    expect(telnet.attempts()).toBe(0);
    const alone = await refusingTelnet(address);
    await telnetIdentifier.identify(target(address, { 23: alone.port }), 23, contextFor());
    expect(alone.attempts()).toBe(0);
  });
});
