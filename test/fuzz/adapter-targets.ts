import { createServer, request, type Server } from 'node:http';
import { IotwardenError } from '../../src/errors/index.ts';
import type { DeviceAdapter, ProbeContext, ProbeTarget } from '../../src/families/device-adapter.ts';
import { familyById } from '../../src/families/index.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { simulatorKind } from '../../src/lab/kinds.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testAddress } from '../support/addresses.ts';
import { applyJsonEdits, defineTarget, type FuzzTarget, type JsonEdit, jsonEdits } from '../support/fuzz.ts';

/**
 * Every HTTP family adapter's response handling, through a mutating fake: the family's own lab simulator (which
 * replays the family's captures) answers, and a proxy in front of it garbles each JSON answer with the input's
 * edits before the adapter sees it. The adapter may identify the device or not, and may fail with a typed error
 * (the scan records it as "could not fully inspect"); it must never throw anything else, and what it reports must
 * be storable.
 */
const HTTP_FAMILIES: ReadonlyArray<{ id: string; port: number }> = [
  { id: 'shelly-gen1', port: 80 },
  { id: 'shelly-gen2', port: 80 },
  { id: 'hue', port: 80 },
  { id: 'tasmota', port: 80 },
  { id: 'nanoleaf', port: 16021 },
];

const MAX_BODY_BYTES = 4 << 20;

export interface MutatingFake {
  target: ProbeTarget;
  edits: JsonEdit[];
  stop(): Promise<void>;
}

/** A proxy on its own loopback address that forwards to `upstream` and garbles every JSON answer with `fake.edits`. */
async function mutatingProxy(sim: StartedSimulator, simAddress: string, port: number): Promise<MutatingFake> {
  const address = testAddress();
  const fake: MutatingFake = { target: undefined as unknown as ProbeTarget, edits: [], stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const upstream = request(
        { host: simAddress, port: sim.portOf(port), path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          const body: Buffer[] = [];
          let size = 0;
          answer.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_BODY_BYTES) body.push(c);
          });
          answer.on('end', () => {
            const text = Buffer.concat(body).toString('utf8');
            let out = text;
            try {
              out = JSON.stringify(applyJsonEdits(JSON.parse(text), fake.edits)) ?? 'null';
            } catch {
              // not JSON: passed on as it came
            }
            const headers = { ...answer.headers };
            delete headers['content-length'];
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(out);
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const proxyPort = (server.address() as { port: number }).port;
  fake.target = {
    address,
    openTcpPorts: new Set([port]),
    connectPort: (p) => (p === port ? proxyPort : p),
    udp: { answers: {} },
    mdns: sim.simulator.mdnsServices().map((m) => ({
      type: m.type,
      instance: m.instance,
      port: m.port,
      txt: m.txt,
      ...(m.ipv6 ? { ipv6: [...m.ipv6] } : {}),
    })),
  };
  fake.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

function context(): ProbeContext {
  return {
    signal: AbortSignal.timeout(10_000),
    timeoutMs: 2000,
    maxBytes: 1 << 20,
    credentials: () => undefined,
    credentialChecks: false,
    log: silentLogger,
  };
}

const running: Array<{ sim: StartedSimulator; fake: MutatingFake }> = [];
const fakes = new Map<string, Promise<MutatingFake>>();

/**
 * A lab kind's simulator (a family's, or the Pi-hole and AdGuard sinkholes') behind its mutating proxy, started on
 * first use and kept for the run.
 */
export function fakeFor(kindId: string, port: number, settings: Record<string, unknown> = {}): Promise<MutatingFake> {
  const familyId = kindId;
  let pending = fakes.get(familyId);
  if (!pending) {
    pending = (async () => {
      const kind = simulatorKind(familyId);
      if (!kind) throw new Error(`no simulator for ${familyId}`);
      const simAddress = testAddress();
      const sim = await startSimulator(kind, { address: simAddress, settings });
      const fake = await mutatingProxy(sim, simAddress, port);
      running.push({ sim, fake });
      return fake;
    })();
    fakes.set(familyId, pending);
  }
  return pending;
}

/** Stops every simulator and proxy the adapter targets started. */
export async function stopAdapterFakes(): Promise<void> {
  fakes.clear();
  await Promise.all(running.splice(0).flatMap(({ sim, fake }) => [sim.stop(), fake.stop()]));
}

async function exercise(adapter: DeviceAdapter, fake: MutatingFake): Promise<void> {
  const ctx = context();
  try {
    const identity = await adapter.identify(fake.target, ctx);
    if (!identity) return;
    JSON.stringify(identity.facts);
    const facts = await adapter.inspect(fake.target, identity, ctx);
    JSON.stringify(facts);
    if (facts.family !== adapter.family) throw new Error(`inspect returned family ${facts.family}`);
  } catch (error) {
    if (error instanceof IotwardenError) return;
    throw new Error(`${adapter.family} adapter threw untyped: ${(error as Error)?.stack ?? String(error)}`);
  }
}

/** One target per HTTP family. */
export const ADAPTER_TARGETS: readonly FuzzTarget<unknown>[] = HTTP_FAMILIES.map(({ id, port }) =>
  defineTarget<JsonEdit[]>({
    name: `${id} adapter (mutated captures)`,
    costly: true,
    input: jsonEdits(),
    check: async (edits) => {
      const family = familyById(id);
      if (!family) throw new Error(`unknown family ${id}`);
      const fake = await fakeFor(id, port);
      fake.edits = edits;
      await exercise(family.adapter, fake);
    },
  }),
);

/** Whether the family's adapter identifies its simulator through the proxy with no edits (the fuzz is not vacuous). */
export async function identifiesUnmutated(familyId: string): Promise<boolean> {
  const entry = HTTP_FAMILIES.find((f) => f.id === familyId);
  const family = familyById(familyId);
  if (!entry || !family) return false;
  const fake = await fakeFor(familyId, entry.port);
  fake.edits = [];
  return (await family.adapter.identify(fake.target, context())) !== undefined;
}

/** The families the adapter targets cover. */
export const FUZZED_ADAPTER_FAMILIES: readonly string[] = HTTP_FAMILIES.map((f) => f.id);
