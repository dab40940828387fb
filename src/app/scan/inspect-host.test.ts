import { describe, expect, it } from 'vitest';
import type { AdapterEntry, DeviceAdapter, ProbeContext, ProbeTarget } from '../../families/device-adapter.ts';
import { emptyDeviceFacts } from '../../families/facts.ts';
import { silentLogger } from '../../util/logger.ts';
import { inspectHost } from './inspect-host.ts';

/**
 * The generic fail-closed rule: whatever an adapter does after it identified a device (throw, hang, ignore its
 * signal), the host keeps the identity and the facts established so far, and the failure is recorded on it.
 */
const target: ProbeTarget = {
  address: '127.77.9.1',
  openTcpPorts: new Set([9999]),
  connectPort: (port) => port,
  udp: { answers: {} },
  mdns: [],
};

function context(signal: AbortSignal = new AbortController().signal): ProbeContext {
  return {
    signal,
    timeoutMs: 100,
    maxBytes: 1024,
    credentials: () => undefined,
    credentialChecks: false,
    log: silentLogger,
  };
}

/** A Kasa-like adapter: identification proves the XOR protocol and the missing login; `inspect` is the test's. */
function adapterThat(inspect: DeviceAdapter['inspect']): AdapterEntry {
  const adapter: DeviceAdapter = {
    family: 'kasa-legacy',
    async identify() {
      const facts = emptyDeviceFacts('kasa-legacy', 'TP-Link');
      facts.model = 'HS100(UK)';
      facts.protocols = ['kasa-xor'];
      facts.auth = { state: 'none', evidence: { sent: 'TCP 9999 get_sysinfo', received: '{"model":"HS100(UK)"}' } };
      return {
        family: 'kasa-legacy',
        vendor: 'TP-Link',
        model: 'HS100(UK)',
        evidence: facts.auth.evidence!,
        data: {},
        facts,
      };
    },
    inspect,
  };
  return { adapter, applies: () => true };
}

const base = { address: target.address, sources: ['tcp'] };

describe('inspectHost fails closed', () => {
  it('keeps what identification proved when inspect throws, and records the problem', async () => {
    const entry = adapterThat(async (_t, identity) => {
      identity.facts.firmware.installed = '1.5.4';
      throw new TypeError("Cannot read properties of undefined (reading 'length')");
    });
    const { facts, errors } = await inspectHost(target, base, {
      adapters: [entry],
      identifiers: [],
      context: context(),
    });
    expect(facts.device).toMatchObject({ family: 'kasa-legacy', model: 'HS100(UK)', protocols: ['kasa-xor'] });
    expect(facts.device?.auth.state).toBe('none');
    // Facts learned before the failure are kept too.
    expect(facts.device?.firmware.installed).toBe('1.5.4');
    expect(facts.problems).toEqual([
      "kasa-legacy adapter stopped: Cannot read properties of undefined (reading 'length')",
    ]);
    expect(errors).toEqual(facts.problems);
    expect(facts.device?.limitations.at(-1)).toMatch(/^could not fully inspect: kasa-legacy adapter stopped/);
  });

  it('stops waiting for an adapter that ignores its signal once the host budget is spent', async () => {
    const entry = adapterThat(() => new Promise(() => undefined));
    const started = Date.now();
    const { facts } = await inspectHost(target, base, {
      adapters: [entry],
      identifiers: [],
      context: context(AbortSignal.timeout(150)),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(facts.device?.protocols).toEqual(['kasa-xor']);
    expect(facts.problems?.[0]).toMatch(/^kasa-legacy adapter stopped: /);
  });

  it('keeps what was established when the budget ran out, whatever the abandoned adapter writes later', async () => {
    const entry = adapterThat(
      (_t, identity) =>
        new Promise((resolve) =>
          setTimeout(() => {
            identity.facts.auth = { state: 'required' };
            resolve(identity.facts);
          }, 300),
        ),
    );
    const { facts } = await inspectHost(target, base, {
      adapters: [entry],
      identifiers: [],
      context: context(AbortSignal.timeout(100)),
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(facts.device?.auth.state).toBe('none');
  });

  it('records an adapter or identifier whose own checks throw, and carries on', async () => {
    const entry: AdapterEntry = {
      ...adapterThat(async (_t, identity) => identity.facts),
      applies: () => {
        throw new RangeError('applies blew up');
      },
    };
    const { facts } = await inspectHost(target, base, {
      adapters: [entry, adapterThat(async (_t, identity) => identity.facts)],
      identifiers: [
        {
          name: 'broken',
          appliesTo: () => {
            throw new TypeError('appliesTo blew up');
          },
          identify: async () => undefined,
        },
      ],
      context: context(),
    });
    expect(facts.device?.family).toBe('kasa-legacy');
    expect(facts.problems).toEqual(['kasa-legacy adapter: applies blew up', 'broken on port 9999: appliesTo blew up']);
    expect(facts.services).toEqual([{ port: 9999, transport: 'tcp', name: 'unknown', auth: 'unknown' }]);
  });

  it('turns a failure of its own into a problem on the host instead of a rejection', async () => {
    const broken = {
      ...target,
      openTcpPorts: {
        has: () => true,
        [Symbol.iterator]: () => {
          throw new Error('ports unreadable');
        },
      } as unknown as ReadonlySet<number>,
    };
    const { facts } = await inspectHost(broken, base, { adapters: [], identifiers: [], context: context() });
    expect(facts).toEqual({ ...base, services: [], problems: ['inspection failed: ports unreadable'] });
  });

  it('records nothing when all goes well', async () => {
    const entry = adapterThat(async (_t, identity) => identity.facts);
    const { facts } = await inspectHost(target, base, { adapters: [entry], identifiers: [], context: context() });
    expect(facts.problems).toBeUndefined();
    expect(facts.device?.limitations).toEqual([]);
  });
});
