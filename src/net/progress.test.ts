import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DiscoveryProgress } from './discover.ts';
import { describeProgress, renderProgress } from './progress.ts';

function progress(partial: Partial<DiscoveryProgress>): DiscoveryProgress {
  return {
    phase: 'probing',
    hostsTotal: 254,
    hostsDone: 0,
    probesTotal: 1000,
    probesDone: 0,
    openPorts: 0,
    aliveSoFar: 0,
    udpDone: false,
    ...partial,
  };
}

function capture(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

describe('renderProgress', () => {
  it('writes plain lines off a terminal: each phase, each 10% of the probes, and when UDP finishes', async () => {
    const { stream, text } = capture(false);
    const display = renderProgress(stream);
    display.onProgress(progress({ phase: 'passive' }));
    for (let done = 0; done <= 1000; done += 25) display.onProgress(progress({ probesDone: done }));
    display.onProgress(progress({ probesDone: 1000, udpDone: true }));
    display.onProgress(progress({ phase: 'done', probesDone: 1000, udpDone: true, hostsDone: 254, aliveSoFar: 3 }));
    await display.stop();
    const lines = text().trim().split('\n');
    // passive + probing at 0%..100% (11 deciles) + UDP done + done
    expect(lines).toHaveLength(14);
    expect(lines[0]).toContain('reading neighbour table and leases for 254 addresses');
    expect(lines[6]).toContain('50%: 500/1,000 TCP probes');
    expect(lines.at(-1)).toBe(
      'discovery done: 1,000/1,000 TCP probes, 254/254 hosts, 0 open ports, 3 alive by TCP, UDP done',
    );
  });

  it('draws a listr2 task on a terminal and finishes it on stop', async () => {
    const { stream, text } = capture(true);
    // listr2's default renderer insists that process.stdout is a terminal; under vitest it is a pipe.
    const stdoutWasTty = process.stdout.isTTY;
    process.stdout.isTTY = true;
    let display: ReturnType<typeof renderProgress>;
    try {
      display = renderProgress(stream);
    } finally {
      process.stdout.isTTY = stdoutWasTty;
    }
    display.onProgress(progress({ probesDone: 500, hostsDone: 100 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    display.onProgress(progress({ phase: 'done', probesDone: 1000, hostsDone: 254, udpDone: true }));
    await display.stop();
    const output = text();
    expect(output).toContain('Discover');
    expect(output).toContain('1,000/1,000 TCP probes');
  });
});

describe('describeProgress', () => {
  it('says 100% when there is nothing to probe', () => {
    expect(describeProgress(progress({ probesTotal: 0 }))).toMatch(/^100%/);
  });
});
