/**
 * `risk` (the register, set, accept, mitigate, replace, remove, review) and `advise`: the definitions; risk-run.ts
 * does the work when one of them runs.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, DEVICE_ARGUMENT_HELP } from '../option-help.ts';

const RISK_HELP = `
Examples:
  iotwarden risk                                          the register, worst first
  iotwarden risk --json                                   the documented JSON contract (README, "Risk")
  iotwarden risk set garage-door --category garage-door --upside "opens from the car"
  iotwarden risk set nursery-camera --room nursery --user child
  iotwarden risk accept christmas-tree --reason "only on in December" --until 2027-01-15
  iotwarden risk mitigate kids-nightlight --action firmware --reason "update when the fix lands"
  iotwarden risk replace aquarium-plug --reason "no fix for the 3.1 protocol"
  iotwarden risk review                                   expired acceptances come back; cleared mitigations close

Levels come from a 5×5 matrix of impact (what the device does, where, for whom) × likelihood (its findings and
exposure). Every decision goes into the audit log (iotwarden firmware log).`;

function registerList(group: Command, deps: CliDeps): void {
  group
    .command('list', { isDefault: true })
    .description('the register: every device with its level, main driver, upside and decision')
    .option('--json', 'print the JSON contract')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => (await import('./risk-run.ts')).runRiskList(options, deps));
}

function registerSet(group: Command, deps: CliDeps): void {
  group
    .command('set')
    .description('say what a device is, what it controls, where it is, who uses it and what it is worth to you')
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option(
      '--category <category>',
      'light, plug, switch, heater, lock, garage-door, camera, speaker, sensor, hub, network, computer',
    )
    .option('--controls <what>', 'what it switches, e.g. heater, "garage door", "christmas tree"')
    .option('--room <room>', 'room or area, e.g. nursery, bedroom, garden')
    .option('--outside', 'it is outside')
    .option('--inside', 'it is inside')
    .option('--user <who...>', 'who uses it or is near it, e.g. child')
    .option('--upside <text>', 'what it is worth to the household')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (ref, options) => (await import('./risk-run.ts')).runRiskSet(ref, options, deps));
}

/** The owner's decisions on a risk (app/risk's DecisionKind; runRiskDecision's signature keeps them in step). */
type DecisionKind = 'accept' | 'mitigate' | 'replace' | 'remove';

function registerDecision(group: Command, deps: CliDeps, kind: DecisionKind, description: string): void {
  const command = group
    .command(kind)
    .description(description)
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .requiredOption('--reason <text>', 'why (shown in the register and the audit log)')
    .option('--until <YYYY-MM-DD>', 'accept: the acceptance ends when this date begins and comes back for review')
    .option('--action <action>', 'mitigate: fix, firmware, confine or move')
    .option('--json', 'print as JSON');
  command
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (ref, options) => (await import('./risk-run.ts')).runRiskDecision(kind, ref, options, deps));
}

function registerReview(group: Command, deps: CliDeps): void {
  group
    .command('review')
    .description('bring expired acceptances back and close mitigations whose findings cleared')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => (await import('./risk-run.ts')).runRiskReview(options, deps));
}

function registerAdvise(program: Command, deps: CliDeps): void {
  program
    .command('advise')
    .description('before you buy: local API, authentication, cloud, update history, advisories and vendor trust')
    .argument('<vendor/model>', 'e.g. shelly/SHSW-1, kasa/HS100, hue, tuya')
    .option('--json', 'print as JSON')
    .action(async (query, options) => (await import('./risk-run.ts')).runAdvise(query, options, deps));
}

export function registerRiskCommands(program: Command, deps: CliDeps): void {
  const group = program
    .command('risk')
    .description('the risk register: impact × likelihood per device, and your decisions (accept, mitigate, …)')
    .addHelpText('after', RISK_HELP);
  registerList(group, deps);
  registerSet(group, deps);
  registerDecision(group, deps, 'accept', 'accept a risk for now, with a reason and an expiry (--until)');
  registerDecision(group, deps, 'mitigate', 'mitigate: link to fix, firmware, confine or move (--action)');
  registerDecision(group, deps, 'replace', 'plan to replace the device (the register suggests a better one)');
  registerDecision(group, deps, 'remove', 'plan to remove the device');
  registerReview(group, deps);
  registerAdvise(program, deps);
}
