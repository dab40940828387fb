import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { buildFixPlan } from '../../app/fix/plan.ts';
import { renderHtml } from '../../app/report/render-html.ts';
import { riskSection } from '../../app/risk/report-section.ts';
import { readRiskRegister } from '../../app/risk/risk-use-cases.ts';
import type { RunningLab } from '../../lab/lab.ts';
import type { SeedHomeDemo } from '../../lab/seed-home-demo.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { dbFile, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { colorEnabled } from '../output/color.ts';
import { renderFixPreview } from '../output/fix-text.ts';
import { topRisksText } from '../output/risk-text.ts';
import { printScanSummary } from '../output/scan-summary.ts';
import { withRisk } from './risk.ts';

const DEMO_HELP = `
The demo needs no root and no network: the seed home runs on 127.77.1.0/24 (loopback). It uses its own
database (next to your inventory, named demo.db) and starts it fresh on every run, so it never mixes lab
devices into your real inventory. The household's Shelly password, Hue key and (lab) TP-Link account are
configured as a user would; they are used only with devices the owner trusted, so the demo looks once, trusts
what it found (as iotwarden trust --all-new does) and scans again.`;

function labUpText(lab: RunningLab): string {
  const shifted = lab.devices.some((d) => d.ports.some((p) => p.port !== p.actual));
  const note = shifted ? ' (ports below 1024 shifted by +10000: not root)' : '';
  return `${lab.devices.length} simulated devices are up${note}. A first look …\n`;
}

/** What to try next, with the demo's own database and config so the commands work as printed. */
function exploreText(demo: SeedHomeDemo, keep: boolean): string {
  const flags = `--db ${demo.db} --config ${demo.configFile}`;
  return [
    'Explore:',
    `  npx iotwarden device garage-door --db ${demo.db}`,
    `  npx iotwarden dns report --device garage-door ${flags}`,
    `  npx iotwarden diff --peers garage-door ${flags}`,
    `  npx iotwarden firmware status ${flags}`,
    ...(keep ? [`  npx iotwarden firmware apply --now ${flags}`, `  npx iotwarden fix apply ${flags}`] : []),
    '',
    'Open the dashboard (it prints a one-time setup link on first start; Ctrl-C stops it):',
    `  npx iotwarden serve ${flags}`,
    '  then open http://127.0.0.1:8642 (the API is described at /api/openapi.json)',
    '',
  ].join('\n');
}

export function registerDemoCommand(program: Command, deps: CliDeps): void {
  program
    .command('demo')
    .description('start the seed-home lab, scan and audit it, print the findings and write the HTML report')
    .option('--keep', 'leave the lab running after the scan (Ctrl-C to stop)')
    .option('--db <file>', 'database for the demo (default: demo.db beside the inventory; recreated each run)')
    .option('-o, --output <file>', 'where to write the HTML report', 'reports/seed-home.html')
    .addHelpText('after', DEMO_HELP)
    .action(async (options) => {
      const { out } = deps;
      // The lab is loaded by the command that runs it, not by every command (see lab.ts).
      const [{ SEED_HOME_NETWORK }, { runSeedHomeDemo }] = await Promise.all([
        import('../../lab/scenario/seed-home.ts'),
        import('../../lab/seed-home-demo.ts'),
      ]);
      out.write(`Starting the seed-home lab on ${SEED_HOME_NETWORK} …\n`);
      const db = options.db ?? join(dirname(dbFile(undefined, deps)), 'demo.db');
      const demo = await runSeedHomeDemo({
        db,
        log: deps.logger('warn'),
        onLabReady: (lab) => out.write(labUpText(lab)),
        onTrusted: (count) =>
          out.write(
            `First look done: the household's Shelly password and Hue key were kept back, as no device was trusted yet.\n` +
              `Trusted the ${count} devices found (as iotwarden trust --all-new does after a review). Scanning again …\n\n`,
          ),
      });
      try {
        const color = colorEnabled(out, deps.env);
        printScanSummary(out, { ...demo.scan, model: demo.dns.model }, color);
        const flags = { db, config: demo.configFile };
        const register = await withRisk(flags, deps, 'read', (session) => readRiskRegister(session, demo.dns.model));
        demo.dns.model.risk = riskSection(register);
        out.write(
          `\nTop risks (iotwarden risk --db ${db} --config ${demo.configFile}):\n${topRisksText(register, 3, color)}`,
        );
        const report = resolve(options.output);
        mkdirSync(dirname(report), { recursive: true });
        writeFileAtomic(report, renderHtml(demo.dns.model));
        out.write(
          `\n${demo.dns.summary}\n${demo.zeroTrust.summary}\n\nHTML report: ${report}\n${exploreText(demo, options.keep === true)}`,
        );
        // Last, as the next step: what iotwarden can change for the owner (a dry run; nothing is sent).
        const plan = await withStore(db, deps, (store) => buildFixPlan({ store }));
        out.write(`\n${renderFixPreview(plan, `npx iotwarden fix plan --db ${db}`)}\n`);
        if (!options.keep) return;
        out.write(
          `\nThe lab keeps running (Ctrl-C to stop). Scan it yourself:\n  npx iotwarden scan --db ${db} --config ${demo.configFile}\n`,
        );
        await deps.waitForStop();
      } finally {
        await demo.lab.stop();
      }
    });
}
