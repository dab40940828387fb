import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { DiscoveryProgress } from './discover.ts';

/** A progress display: feed it discovery events, stop it when discovery returns. */
export interface ProgressDisplay {
  onProgress(progress: DiscoveryProgress): void;
  stop(): Promise<void>;
}

/** Where the display writes: stderr in the CLI, so stdout stays clean for --json. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

/** One-line summary of where discovery is. */
export function describeProgress(p: DiscoveryProgress): string {
  if (p.phase === 'passive') return `reading neighbour table and leases for ${count(p.hostsTotal)} addresses`;
  const percent = p.probesTotal === 0 ? 100 : Math.floor((p.probesDone / p.probesTotal) * 100);
  const udp = p.udpDone ? 'UDP done' : 'UDP probing';
  const head = p.phase === 'done' ? 'done' : `${percent}%`;
  return `${head}: ${count(p.probesDone)}/${count(p.probesTotal)} TCP probes, ${count(p.hostsDone)}/${count(p.hostsTotal)} hosts, ${count(p.openPorts)} open ports, ${count(p.aliveSoFar)} alive by TCP, ${udp}`;
}

function count(n: number): string {
  return n.toLocaleString('en');
}

/**
 * A listr2 task line that updates in place on a terminal; elsewhere (a pipe, a CI log) plain lines at each phase
 * and every 10% of the probes, so a log stays short and readable.
 */
export function renderProgress(stream: ProgressStream): ProgressDisplay {
  // listr2 draws in place only when process.stdout is a terminal too (its renderer check); with stdout
  // redirected (--json > file) the display falls back to plain lines on the stream.
  return stream.isTTY && process.stdout.isTTY ? renderTty(stream) : renderLines(stream);
}

function renderLines(stream: ProgressStream): ProgressDisplay {
  let lastPhase: string | undefined;
  let lastDecile = -1;
  let lastUdp = false;
  return {
    onProgress(p) {
      const decile = p.probesTotal === 0 ? 10 : Math.floor((p.probesDone / p.probesTotal) * 10);
      if (p.phase === lastPhase && decile === lastDecile && p.udpDone === lastUdp) return;
      lastPhase = p.phase;
      lastDecile = decile;
      lastUdp = p.udpDone;
      stream.write(`discovery ${describeProgress(p)}\n`);
    },
    stop: async () => undefined,
  };
}

function renderTty(stream: ProgressStream): ProgressDisplay {
  const output = new ProcessOutput(stream as NodeJS.WriteStream, stream as NodeJS.WriteStream);
  let task: { output: string } | undefined;
  let latest = 'starting';
  let finish: (() => void) | undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const list = new Listr(
    [
      {
        title: 'Discovering hosts',
        task: async (_ctx, wrapper) => {
          task = wrapper;
          wrapper.output = latest;
          await finished;
          wrapper.title = `Discovered hosts (${latest})`;
        },
        rendererOptions: { persistentOutput: false },
      },
    ],
    {
      renderer: 'default',
      rendererOptions: { logger: new ListrLogger({ useIcons: true, toStderr: [], processOutput: output }) },
      fallbackRendererCondition: false,
      silentRendererCondition: false,
      registerSignalListeners: false,
      exitOnError: false,
    },
  );
  const running = list.run();
  return {
    onProgress(p) {
      latest = describeProgress(p);
      if (task) task.output = latest;
    },
    stop: async () => {
      finish?.();
      await running;
    },
  };
}
