/** `policy …`: the definitions; policy-run.ts does the work when a command runs. */
import type { Command } from '@commander-js/extra-typings';
import { EXPORT_FORMATS } from '../../app/policy/export-formats.ts';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, DEVICE_ARGUMENT_HELP } from '../option-help.ts';

const HELP = `
Zero trust, step by step (README "Zero trust"):
  iotwarden policy learn                         learn each device's profile from flows and DNS answers
  iotwarden policy generate --out policy.yaml    a readable policy from the profiles; edit it
  iotwarden policy check policy.yaml             validate it (line numbers)
  iotwarden policy preview policy.yaml           what it would block, from the last days' traffic
  iotwarden policy export policy.yaml --format nftables --out-dir out/   (or openwrt, mud)`;

function registerLearn(policy: Command, deps: CliDeps): void {
  policy
    .command('learn')
    .description("learn each device's communication profile from the stored flows and DNS answers")
    .option('--window <days>', 'how far back to look (default 14 days)')
    .option('--min-days <days>', 'days of traffic before a profile counts as learned (default 7)')
    .option('--json', 'print the result as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => (await import('./policy-run.ts')).runPolicyLearn(options, deps));
}

function registerGenerate(policy: Command, deps: CliDeps): void {
  policy
    .command('generate')
    .description('write a policy (YAML) from the learned profiles, for you to review and edit')
    .argument('[devices...]', `only these devices (${DEVICE_ARGUMENT_HELP})`)
    .option('--out <file>', 'write it to this file instead of printing it')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (devices, options) => (await import('./policy-run.ts')).runPolicyGenerate(devices, options, deps));
}

function registerCheckAndPreview(policy: Command, deps: CliDeps): void {
  policy
    .command('check')
    .description('validate a policy file (exit 2 with the line of the first mistake)')
    .argument('<file>', 'the policy YAML')
    .action(async (file) => (await import('./policy-run.ts')).runPolicyCheck(file, deps));
  policy
    .command('preview')
    .description("replay the last days' flows against a policy: what it would block and what that breaks")
    .argument('<file>', 'the policy YAML')
    .option('--days <days>', 'how many days of traffic to replay (default 7)')
    .option('--json', 'print the preview as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (file, options) => (await import('./policy-run.ts')).runPolicyPreview(file, options, deps));
}

function registerExport(policy: Command, deps: CliDeps): void {
  policy
    .command('export')
    .description('turn a policy into nftables (+ dnsmasq nftset lines), OpenWrt fw4 UCI, or RFC 8520 MUD files')
    .argument('<file>', 'the policy YAML')
    .requiredOption('--format <format>', EXPORT_FORMATS.join('|'))
    .option('--out-dir <dir>', 'write the files here instead of printing them')
    .option('--no-check', 'do not validate the nftables ruleset with nft -c')
    .option('--json', 'print the files and warnings as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (file, options) => (await import('./policy-run.ts')).runPolicyExport(file, options, deps));
}

/** `policy learn|show|diff|generate|check|preview|export|events`: zero trust, from traffic to enforced rules. */
export function registerPolicyCommands(program: Command, deps: CliDeps): void {
  const policy = program
    .command('policy')
    .description('zero trust: learn what each device needs, review a policy, preview it, export it')
    .addHelpText('after', HELP);
  registerLearn(policy, deps);
  policy
    .command('diff')
    .description("what changed between two versions of a device's learned profile")
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option('--from <version>', 'older version (default: the one before --to)')
    .option('--to <version>', 'newer version (default: the newest)')
    .option('--json', 'print as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (device, options) => (await import('./policy-run.ts')).runPolicyDiff(device, options, deps));
  registerGenerate(policy, deps);
  registerCheckAndPreview(policy, deps);
  registerExport(policy, deps);
  policy
    .command('events')
    .description('what happened after learning: new destinations, per device')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => (await import('./policy-run.ts')).runPolicyEvents(options, deps));
}
