import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDeps } from '../../src/cli/deps.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { EVIL_NAME } from '../../src/lab/kinds/hostile/evil-shelly.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { type Clock, systemClock } from '../../src/util/clock.ts';
import { sanitizeText } from '../../src/util/untrusted-text.ts';
import { testNetwork } from '../support/addresses.ts';
import { type CliRun, runIotwarden } from '../support/cli.ts';

/**
 * The output boundary, end to end: two hostile devices whose name, model, settings and DNS queries carry ESC
 * sequences (CSI, OSC title, OSC 8 link, DCS), C1 controls, BEL, NUL, a lone CR and a bidi override are scanned into
 * a fresh inventory, and then every command of the program tree runs on it, in human form and with --json. No raw
 * control character may reach stdout or stderr: C0 other than LF and tab, DEL, C1, bidi controls and U+2028/9.
 * The command list comes from the program tree, so a command added later fails here until it has a recipe.
 */

/** Anything a terminal acts on. LF and tab are layout; everything else must arrive as a visible escape. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

/** A Shelly model string (`/shelly` `type`) built to break terminals: C1 CSI and OSC, ESC OSC title, DCS, NEL, CR. */
const EVIL_MODEL =
  'SHSW-1\u009b2J\u001b]0;EVILMODEL\u0007\u009d8;;http://evil.invalid/\u009clink\u001bPq\u001b\\\u0085\r\u202e';
const OLD_FW = '20221027-091427/v1.12.1-ga9117d3';
const NEW_FW = '20230913-112003/v1.14.0-gcb84623';
const EVIL_DOMAIN = 'evil-dns\u001b[2J\u009b31m.example';

/** A Gen1 capture shape for the hostile kind: its model, a settings value and a settings key are hostile too. */
function evilFixture(sntpServer: string): object {
  return {
    shelly: { type: EVIL_MODEL, fw: OLD_FW, auth: false, longid: 1, num_outputs: 1 },
    settings: {
      fw: OLD_FW,
      cloud: { enabled: false, connected: false },
      login: { enabled: false, unprotected: false, username: 'admin' },
      sntp: { server: sntpServer, enabled: true },
      'led\u001b]8;;http://evil.invalid/\u0007_mode': 'on\r\u0007',
    },
    status: { update: { status: 'pending', has_update: true, new_version: NEW_FW, old_version: OLD_FW } },
  };
}

const prefix = testNetwork().replace(/\.0\/24$/, '');
const first = `${prefix}.21`;
const second = `${prefix}.22`;
const dir = mkdtempSync(join(tmpdir(), 'iotwarden-untrusted-'));
const db = join(dir, 'inventory.db');
const config = join(dir, 'iotwarden.yaml');
const adguardLog = join(dir, 'querylog.json');
const conntrackFile = join(dir, 'nf_conntrack');
const policyFile = join(dir, 'policy.yaml');
// Noon UTC today: outside the 03:00-05:00 window, so `firmware apply` plans but installs nothing.
const noonMs = Date.parse(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
const clock: Clock = { now: () => noonMs, sleep: systemClock.sleep };
const holdUntil = new Date(noonMs + 60 * 86_400_000).toISOString().slice(0, 10);
let lab: RunningLab;

beforeAll(async () => {
  process.env.IOTWARDEN_RUNTIME_DIR = dir;
  writeFileSync(join(dir, 'first.json'), JSON.stringify(evilFixture('ntp\u001b[2J\u009b31m.evil.invalid')));
  writeFileSync(join(dir, 'second.json'), JSON.stringify(evilFixture('time.google.com')));
  const devices = [
    { name: 'evil-one', kind: 'hostile', behavior: 'evil-name', address: first, fixture: join(dir, 'first.json') },
    { name: 'evil-two', kind: 'hostile', behavior: 'evil-name', address: second, fixture: join(dir, 'second.json') },
  ];
  lab = await startLab(buildScenario({ name: 'untrusted', devices }, { file: '<untrusted>', baseDir: dir }), {
    writePortMap: true,
  });
  writeFileSync(
    config,
    `networks: ["${first}/32", "${second}/32"]\nscan: { ports: "80" }\nfirmware:\n  timeZone: UTC\n  default: { mode: auto }\n`,
  );
  const lines = [0, 1, 2, 3].map((i) =>
    JSON.stringify({
      T: new Date(Date.now() - (60 - i) * 60_000).toISOString(),
      QH: EVIL_DOMAIN,
      QT: 'A',
      IP: first,
      Result: {},
    }),
  );
  writeFileSync(adguardLog, `${lines.join('\n')}\n`);
  // The hostile device's connections, as the router's conntrack table shows them (zero trust learns from them).
  writeFileSync(
    conntrackFile,
    `ipv4     2 tcp      6 431982 ESTABLISHED src=${first} dst=198.51.100.7 sport=40001 dport=443 packets=9 bytes=900 src=198.51.100.7 dst=${first} sport=443 dport=40001 packets=7 bytes=4000 [ASSURED] mark=0 zone=0 use=2\n`,
  );
  writeFileSync(
    policyFile,
    `version: 1\ndevices:\n  - device: "${first}"\n    allow:\n      - cidr: 198.51.100.7\n        ports: [tcp/443]\n`,
  );
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** How one command is run: argument lists (one run each), and whether its output must quote the hostile devices. */
interface Recipe {
  variants: string[][];
  /**
   * When the output names a hostile device (its name, model or a domain it asked for): proof that the hostile text
   * really went through this command. `human` when only the text form names devices (the JSON carries ids).
   */
  quotes: 'always' | 'human' | 'never';
  /** Exit codes other than 0 that are the right answer here. */
  status?: number;
}

const store = ['--db', db, '--config', config];
const dbOnly = ['--db', db];

/** In run order: scan and import first, then every read, then the commands that write. */
const RECIPES: Record<string, Recipe> = {
  scan: { variants: [['--no-progress', ...store]], quotes: 'always' },
  'dns import': { variants: [['--adguard-log', adguardLog, ...store]], quotes: 'never' },
  devices: { variants: [dbOnly], quotes: 'always' },
  device: { variants: [[first, ...dbOnly]], quotes: 'always' },
  findings: { variants: [dbOnly], quotes: 'always' },
  report: {
    variants: [
      ['--format', 'md', ...dbOnly],
      ['--format', 'json', ...dbOnly],
      ['--format', 'html', ...dbOnly],
    ],
    quotes: 'always',
  },
  'firmware status': { variants: [store], quotes: 'always' },
  'firmware plan': { variants: [store, ['--now', ...store]], quotes: 'always' },
  'dns report': { variants: [store], quotes: 'always' },
  diff: {
    variants: [
      [first, '--peers', ...store],
      [first, second, '--stored', ...store],
      [first, '--since', '7d', ...store],
    ],
    quotes: 'always',
  },
  // Trust names the device it trusted and lists what is trusted (--all-new: see 'what the escaping keeps').
  trust: {
    variants: [
      [first, ...dbOnly],
      ['--list', ...dbOnly],
    ],
    quotes: 'always',
  },
  untrust: { variants: [[first, ...dbOnly]], quotes: 'always' },
  'catalogue show': { variants: [store], quotes: 'never' },
  'flows import': { variants: [['--conntrack', conntrackFile, ...dbOnly]], quotes: 'never' },
  'flows status': { variants: [dbOnly], quotes: 'never' },
  'policy learn': { variants: [store], quotes: 'always' },
  'policy diff': { variants: [[first, ...store]], quotes: 'always' },
  'policy generate': { variants: [store], quotes: 'always' },
  'policy check': { variants: [[policyFile]], quotes: 'never' },
  'policy preview': { variants: [[policyFile, ...store]], quotes: 'always' },
  'policy export': {
    variants: [
      [policyFile, '--format', 'nftables', ...store],
      [policyFile, '--format', 'openwrt', ...store],
      [policyFile, '--format', 'mud', ...store],
    ],
    quotes: 'never',
  },
  'policy events': { variants: [dbOnly], quotes: 'never' },
  'segment plan': { variants: [store], quotes: 'always' },
  // No roles are configured: nothing to probe, so the audit only says what it could not test.
  'segment audit': { variants: [store], quotes: 'never' },
  'firmware hold': {
    variants: [[first, '--reason', 'waiting \u001b[2J for reviews', '--until', holdUntil, ...store]],
    quotes: 'human',
  },
  'firmware release': { variants: [[first, ...store]], quotes: 'never' },
  'firmware apply': { variants: [store], quotes: 'always' },
  // A Shelly Gen1 has no automatic-update switch: iotwarden says so, naming the device, and exits 2.
  'fix auto-update': { variants: [[first, ...store]], quotes: 'always', status: 2 },
  run: { variants: [['--once', ...store]], quotes: 'never' },
  // Issue 16: the register reads device names and reasons; the decisions echo the owner's own text.
  'risk list': { variants: [store], quotes: 'always' },
  'risk set': {
    variants: [[first, '--room', 'nursery\u001b[2J', '--upside', 'naps\u009b31m', ...store]],
    quotes: 'never',
  },
  'risk accept': {
    variants: [[first, '--reason', 'fine \u001b[2J for now', '--until', holdUntil, ...store]],
    quotes: 'never',
  },
  'risk mitigate': { variants: [[second, '--action', 'firmware', '--reason', 'update', ...store]], quotes: 'never' },
  'risk replace': { variants: [[second, '--reason', 'old', ...store]], quotes: 'never' },
  'risk remove': { variants: [[second, '--reason', 'gone', ...store]], quotes: 'never' },
  'risk review': { variants: [store], quotes: 'never' },
  advise: { variants: [['shelly/SHSW-1\u001b[2J\u009b31m']], quotes: 'never' },
  // Issue 13: the plan names every device with a finding (manual steps at least); apply may find nothing to change.
  'fix plan': { variants: [dbOnly, ['--device', first, ...dbOnly]], quotes: 'always' },
  'fix apply': { variants: [['--yes', ...store]], quotes: 'never' },
  'fix log': { variants: [dbOnly], quotes: 'never' },
  // Not a terminal: it refuses before reading anything, naming no device.
  'secrets show': { variants: [[first, ...dbOnly]], quotes: 'never', status: 2 },
  // This home configures no device source and no MQTT broker: each says what to set, and exits 2.
  'sources import': { variants: [store], quotes: 'never', status: 2 },
  'sources test': { variants: [['--config', config]], quotes: 'never', status: 2 },
  'ha publish': { variants: [['--once', ...store]], quotes: 'never', status: 2 },
  // After the writes, so the log has holds, releases and the auto-update attempt to show.
  'firmware log': { variants: [store, ['--device', first, ...store]], quotes: 'always' },
  // The error path of a catalogue that cannot be read; the path is the user's, the message is ours.
  'catalogue update': {
    variants: [['--from', join(dir, 'missing\u001b[2J.json'), ...store]],
    quotes: 'never',
    status: 1,
  },
};

/** Commands not run here, each with the reason. */
const NOT_RUN: Record<string, string> = {
  lab: 'runs until stopped and prints only its scenario, whose names the scenario schema restricts',
  demo: 'runs the built-in seed home on fixed addresses (127.77.1.0/24) that other test files use',
  'catalogue sign': 'a maintainer tool that reads two local files and prints no device data',
  'flows collect': 'listens until stopped and prints only counts and error codes (test/zerotrust/flows-cli.test.ts)',
  serve:
    'runs until stopped and prints only its own address and setup link; device text leaves it as JSON (test/serve covers it)',
};

type AnyCommand = CommandUnknownOpts;

/** Every command that does something (no subcommands), by its path: `firmware status`, `diff`, … */
function leafCommands(command: AnyCommand, path: string[] = []): Array<{ path: string; json: boolean }> {
  return command.commands.flatMap((sub) => {
    const subPath = [...path, sub.name()];
    if (sub.commands.length > 0) return leafCommands(sub, subPath);
    return [{ path: subPath.join(' '), json: sub.options.some((option) => option.long === '--json') }];
  });
}

const LEAVES = leafCommands(buildProgram(processDeps()) as unknown as AnyCommand);

function assertNoRawControls(run: CliRun, label: string): void {
  for (const [stream, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const) {
    const match = RAW_CONTROL.exec(text);
    const where = match ? JSON.stringify(text.slice(Math.max(0, match.index - 60), match.index + 20)) : '';
    expect(
      match,
      `${label}: raw U+${match?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} on ${stream} ${where}`,
    ).toBeNull();
  }
}

/** The hostile devices' text as it shows once escaped: their name starts with markup, their model with C1 CSI. */
const quotesHostileDevice = (text: string): boolean =>
  /<script>alert\(1\)|&lt;script&gt;|SHSW-1\\u009b|PWNED|EVILMODEL|evil-dns|evil\.invalid/.test(text);

/** A test title for a command line: visible escapes, and without the temp paths. */
const title = (args: readonly string[]): string =>
  `iotwarden ${sanitizeText(args.filter((a) => a !== db && a !== config).join(' '))}`;

describe('every command, on devices with control characters in every field', () => {
  it('has a recipe or a reason for every command of the program tree', () => {
    const paths = LEAVES.map((leaf) => leaf.path).sort();
    expect([...Object.keys(RECIPES), ...Object.keys(NOT_RUN)].sort()).toEqual(paths);
  });

  for (const [path, recipe] of Object.entries(RECIPES)) {
    const json = LEAVES.find((leaf) => leaf.path === path)?.json ?? false;
    for (const variant of recipe.variants) {
      for (const mode of json ? ['human', 'json'] : ['human']) {
        const args = [...path.split(' '), ...variant, ...(mode === 'json' ? ['--json'] : [])];
        it(title(args), async () => {
          const run = await runIotwarden(args, { clock });
          expect(run.status, run.stderr).toBe(recipe.status ?? 0);
          assertNoRawControls(run, path);
          if (recipe.quotes === 'always' || (recipe.quotes === 'human' && mode === 'human'))
            expect(quotesHostileDevice(run.stdout + run.stderr), run.stdout).toBe(true);
          if (mode === 'json' && run.status === 0) expect(() => JSON.parse(run.stdout)).not.toThrow();
        }, 60_000);
      }
    }
  }
});

describe('what the escaping keeps', () => {
  it('trust --all-new prints no raw control characters, in text and JSON', async () => {
    // The scan recipe ran twice, so the latest scan has nothing new: this checks the command's own path only.
    for (const extra of [[], ['--json']]) {
      const run = await runIotwarden(['trust', '--all-new', ...dbOnly, ...extra], { clock });
      expect(run.status, run.stderr).toBe(0);
      assertNoRawControls(run, 'trust --all-new');
    }
  });

  it('--json escapes control characters and still carries the exact name and model', async () => {
    const run = await runIotwarden(['devices', '--json', ...dbOnly], { clock });
    expect(run.stdout).toContain('\\u009b2J');
    expect(run.stdout).toContain('\\u001b]0;EVILMODEL\\u0007');
    const devices = (JSON.parse(run.stdout) as { devices: Array<{ name: string; model: string }> }).devices;
    expect(devices.map((d) => [d.name, d.model])).toEqual([
      [EVIL_NAME, EVIL_MODEL],
      [EVIL_NAME, EVIL_MODEL],
    ]);
  });

  it('shows the terminal what the device sent, as visible escapes', async () => {
    const run = await runIotwarden(['firmware', 'plan', ...store], { clock });
    expect(run.stdout).toContain('SHSW-1\\u009b2J\\x1b]0;EVILMODEL\\x07\\u009d8;;http://evil.invalid/\\u009clink');
    expect(run.stdout).toContain('\\x1b]8;;http://evil.invalid/\\x07link');
    expect(run.stdout).toContain('\\r$ rm -rf ~ \\u202etxt.exe');
  });
});

describe('error paths that quote devices', () => {
  const cases: Array<{ args: string[]; status: number; quotes: boolean; json: boolean }> = [
    // The refusal lists the models the inventory knows: device data inside an error message.
    {
      args: ['firmware', 'hold', 'toaster', '--reason', 'x', '--until', holdUntil, ...store],
      status: 2,
      quotes: true,
      json: true,
    },
    { args: ['device', 'no-such\u001b]0;title\u0007device', ...dbOnly], status: 2, quotes: false, json: true },
    { args: ['diff', first, first, '--stored', ...store], status: 2, quotes: false, json: true },
    { args: ['report', '-o', join(dir, 'no-dir\u009b2J', 'r.html'), ...dbOnly], status: 1, quotes: false, json: false },
    // Commander's own message echoes the unknown option.
    { args: ['devices', '--colour\u001b[2J\u0007', ...dbOnly], status: 2, quotes: false, json: true },
  ];
  for (const { args, status, quotes, json: hasJson } of cases) {
    it(title(args), async () => {
      for (const json of hasJson ? [false, true] : [false]) {
        const run = await runIotwarden(json ? [...args, '--json'] : args, { clock });
        expect(run.status, run.stderr).toBe(status);
        expect(run.stderr).toMatch(/^(iotwarden|error): /);
        assertNoRawControls(run, args.join(' '));
        if (quotes) expect(quotesHostileDevice(run.stderr)).toBe(true);
      }
    });
  }
});

describe('the real process', () => {
  const root = resolve(import.meta.dirname, '../..');
  const bin = (args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin/iotwarden.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', IOTWARDEN_CONFIG: '', IOTWARDEN_LOG_LEVEL: 'info' },
      timeout: 60_000,
    });

  it('writes no raw control character to its stdout or stderr either', () => {
    for (const args of [
      ['devices', ...dbOnly],
      ['firmware', 'hold', 'toaster', '--reason', 'x', '--until', holdUntil, ...store],
    ]) {
      const run = bin(args);
      expect(run.status === 0 || run.status === 2, run.stderr).toBe(true);
      assertNoRawControls({ status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr }, args.join(' '));
      expect(quotesHostileDevice(run.stdout + run.stderr)).toBe(true);
    }
  }, 120_000);
});
