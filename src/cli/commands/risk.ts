/** `risk` (the register, set, accept, mitigate, replace, remove, review) and `advise`. */
import type { Command } from '@commander-js/extra-typings';
import { bundledCatalogue } from '../../app/firmware/catalogue-load.ts';
import { systemTimeZone } from '../../app/firmware/policy-window.ts';
import { emptyHomeModel } from '../../app/report/home-views.ts';
import { adviseOn } from '../../app/risk/advise.ts';
import { buildRiskRegister } from '../../app/risk/register.ts';
import { riskRegisterJson } from '../../app/risk/risk-json.ts';
import {
  type DecisionRequest,
  decideRisk,
  type RiskSession,
  readRiskRegister,
  reviewRisks,
  setRiskContext,
} from '../../app/risk/risk-use-cases.ts';
import type { OwnerContext } from '../../app/risk/types.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import {
  CONFIG_OPTION_HELP,
  DB_OPTION_HELP,
  DEVICE_ARGUMENT_HELP,
  inventoryExists,
  readConfig,
  withStore,
} from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { adviceText } from '../output/advise-text.ts';
import { colorEnabled } from '../output/color.ts';
import { riskText } from '../output/risk-text.ts';
import { firmwareTableWidth } from './firmware-context.ts';

interface Flags {
  db?: string | undefined;
  config?: string | undefined;
}

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

/** Runs `work` in a risk session: the inventory open, the owner's config context and the policy's time zone. */
export function withRisk<T>(
  flags: Flags,
  deps: CliDeps,
  access: 'read' | 'write',
  work: (s: RiskSession) => Promise<T>,
): Promise<T> {
  const { config } = readConfig(flags.config, deps);
  const configContext = new Map<string, OwnerContext>(
    config.risk.devices.map(({ device, ...context }) => [device, context as OwnerContext]),
  );
  const timeZone = config.firmware?.timeZone ?? systemTimeZone();
  return withStore(
    flags.db,
    deps,
    (store) => work({ store, nowMs: deps.clock.now(), timeZone, actor: 'cli', configContext }),
    { readonly: access === 'read' },
  );
}

function registerList(group: Command, deps: CliDeps): void {
  group
    .command('list', { isDefault: true })
    .description('the register: every device with its level, main driver, upside and decision')
    .option('--json', 'print the JSON contract')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      // As `devices`: an inventory that does not exist yet is an empty home, not an error.
      const register = inventoryExists(options.db, deps)
        ? await withRisk(options, deps, 'read', (s) => readRiskRegister(s))
        : buildRiskRegister(emptyHomeModel(), { nowMs: deps.clock.now(), timeZone: 'UTC' });
      if (options.json) return void deps.out.write(jsonText({ register: riskRegisterJson(register) }));
      // The register is wide; a pipe gets room rather than a cut answer, as the firmware tables do.
      deps.out.write(riskText(register, { width: firmwareTableWidth(deps), color: colorEnabled(deps.out, deps.env) }));
    });
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
    .action(async (ref, options) => {
      const outside = options.outside ? true : options.inside ? false : undefined;
      const input = {
        category: options.category,
        controls: options.controls,
        room: options.room,
        outside,
        users: options.user,
        upside: options.upside,
      };
      const context = await withRisk(options, deps, 'write', (s) => setRiskContext(s, ref, input));
      deps.out.write(`${sanitizeText(ref)}: ${sanitizeText(JSON.stringify(context))}\n`);
    });
}

function registerDecision(group: Command, deps: CliDeps, kind: DecisionRequest['kind'], description: string): void {
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
    .action(async (ref, options) => {
      const request = { kind, reason: options.reason, until: options.until, action: options.action };
      const { decision, replacement } = await withRisk(options, deps, 'write', async (s) => {
        const stored = await decideRisk(s, ref, request);
        const entry = (await readRiskRegister(s)).entries.find((e) => e.deviceId === stored.deviceId);
        return { decision: stored, replacement: kind === 'replace' ? (entry?.replacement ?? null) : null };
      });
      if (options.json) return void deps.out.write(jsonText({ decision, replacement }));
      const until = decision.until ? ` until ${decision.until}` : '';
      const action = decision.action ? ` (${decision.action}: ${decision.findingKeys.length} finding(s) linked)` : '';
      const fallback = 'a device of the same kind with local authentication, from a vendor that publishes fixes';
      const suggestion = kind === 'replace' ? `\nConsider ${replacement ?? fallback}.` : '';
      deps.out.write(`${sanitizeText(ref)}: ${kind}${action}${until}; recorded in the audit log${suggestion}\n`);
    });
}

function registerReview(group: Command, deps: CliDeps): void {
  group
    .command('review')
    .description('bring expired acceptances back and close mitigations whose findings cleared')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      const result = await withRisk(options, deps, 'write', (s) => reviewRisks(s));
      if (options.json)
        return void deps.out.write(
          jsonText({ expired: result.expired, cleared: result.cleared, register: riskRegisterJson(result.register) }),
        );
      const list = (names: string[]) => names.map((n) => sanitizeText(n, { maxLength: 40 })).join(', ');
      const lines = [
        result.expired.length > 0
          ? `Expired acceptances, now undecided again: ${list(result.expired)}`
          : 'No acceptance has expired.',
        result.cleared.length > 0
          ? `Mitigations done (their findings cleared): ${list(result.cleared)}`
          : 'No mitigation has cleared yet.',
      ];
      deps.out.write(`${lines.join('\n')}\n`);
    });
}

function registerAdvise(program: Command, deps: CliDeps): void {
  program
    .command('advise')
    .description('before you buy: local API, authentication, cloud, update history, advisories and vendor trust')
    .argument('<vendor/model>', 'e.g. shelly/SHSW-1, kasa/HS100, hue, tuya')
    .option('--json', 'print as JSON')
    .action((query, options) => {
      const advice = adviseOn(query, deps.bundled ?? bundledCatalogue());
      deps.out.write(options.json ? jsonText({ advice }) : adviceText(advice));
    });
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
