import { type Command, Option } from '@commander-js/extra-typings';
import { escapeJsonControls } from '../../util/untrusted-text.ts';
import type { CliDeps } from '../deps.ts';

const SCENARIO_HELP = `
Scenario format (YAML):
  name: my-home                 # optional
  network: 127.77.5.0/24        # optional; where devices without an address go (default 127.77.0.0/16)
  devices:
    - name: garage-door         # unique; the device's own name/alias
      kind: shelly-gen1         # shelly-gen1 shelly-gen2 kasa-iot kasa-smart hue-bridge tasmota esphome
                                # ip-camera nas router cloud-device trusted-device hostile pihole adguard
                                # matter sonos cast (cloud-device profiles: speaker echo baby-monitor tv)
      address: 127.77.5.10      # optional; must be in 127.0.0.0/8
      mac: E8:DB:84:12:34:56    # optional; otherwise derived (a fixture's vendor prefix is kept)
      fixture: ./HS110.json     # optional; a python-kasa or aioshelly capture, relative to this file
      firmware: 20230913-114427/v1.14.0-gcb84623
      auth: { enabled: true, username: admin, password: s3cret }
      cloud: false
      update: { version: 20231107-162425/v1.14.1-rc1-g0617c15, durationMs: 3000, outcome: ok }
  Any other key is a kind-specific setting; unknown keys are errors (with their line number).
  Update outcomes: ok, fail-midway, never-returns; for shelly-gen1/-gen2 control-lost (boots, but its relays no
  longer answer); for kasa-iot switch-to-klap.

Ports below 1024 need root. Without it the lab binds port+10000 (80 -> 10080), prints the real and
actual port of every service in its ready line, and writes a port map that 'iotwarden scan' reads.

When ready it prints one JSON line on stdout:
  {"ready":true,"devices":[{"name","kind","address","ports":[{"port":80,"actual":80,"transport":"tcp"}]}]}
Logs go to stderr. It runs until SIGINT or SIGTERM.`;

export function registerLabCommand(program: Command, deps: CliDeps): void {
  program
    .command('lab')
    .description('run the virtual home: simulated devices on loopback addresses (127.77.0.0/16)')
    .option('--scenario <file>', 'scenario YAML file (default: the built-in seed home)')
    .addOption(
      new Option(
        '--privileged-ports <mode>',
        'ports below 1024: try then shift +10000 (auto), always shift, or never shift',
      )
        .choices(['auto', 'shift', 'never'] as const)
        .default('auto' as const),
    )
    .addHelpText('after', SCENARIO_HELP)
    .action(async (options) => {
      const log = deps.logger('info');
      // Loaded here, not at the top: every command (serve too, for its whole life) would otherwise carry the
      // simulators of every family in memory (about 2.5 MB of heap in serve, measured for issue 11).
      const [{ startLab }, { loadLabScenario }] = await Promise.all([
        import('../../lab/lab.ts'),
        import('../../lab/scenario/scenario-source.ts'),
      ]);
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
    });
}
