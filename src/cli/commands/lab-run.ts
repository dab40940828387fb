/** `iotwarden lab`, the implementation: loaded only when the command runs (definition in lab.ts). */
import { startLab } from '../../lab/lab.ts';
import { loadLabScenario } from '../../lab/scenario/scenario-source.ts';
import { escapeJsonControls } from '../../util/untrusted-text.ts';
import type { CliDeps } from '../deps.ts';

/** The options `lab` parses. */
export interface LabOptions {
  scenario?: string | undefined;
  privilegedPorts: 'auto' | 'shift' | 'never';
}

/** Starts the scenario's devices, prints the ready line and runs until SIGINT or SIGTERM. */
export async function runLab(options: LabOptions, deps: CliDeps): Promise<void> {
  const log = deps.logger('info');
  const scenario = loadLabScenario(options.scenario);
  const lab = await startLab(scenario, { portMode: options.privilegedPorts, log, writePortMap: true });
  const ready = {
    ready: true,
    devices: lab.devices.map((d) => ({ name: d.name, kind: d.kind, address: d.address, ports: d.ports })),
    ...(lab.leaseFile ? { dhcpLeases: lab.leaseFile } : {}),
  };
  deps.out.write(`${escapeJsonControls(JSON.stringify(ready))}\n`);
  await deps.waitForStop();
  await lab.stop();
}
