import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { stringify } from 'yaml';
import { renderHtml } from '../../app/report/render-html.ts';
import { scanAndAudit } from '../../app/scan/scan-and-audit.ts';
import { runDnsDemo } from '../../lab/dns-traffic/dns-demo.ts';
import { startLab } from '../../lab/lab.ts';
import { loadLabScenario } from '../../lab/scenario/scenario-source.ts';
import { SEED_HOME_CREDENTIALS, SEED_HOME_NETWORK } from '../../lab/scenario/seed-home.ts';
import { resolveDbPath } from '../../store/index.ts';
import { createLogger } from '../../util/logger.ts';
import { colorEnabled } from '../output/color.ts';
import { printScanSummary } from '../output/scan-summary.ts';

const DEMO_HELP = `
The demo needs no root and no network: the seed home runs on 127.77.1.0/24 (loopback). It uses its own
database (next to your inventory, named demo.db) and starts it fresh on every run, so it never mixes lab
devices into your real inventory. The household's Shelly password and Hue key are configured as a user would.`;

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start the seed-home lab, scan and audit it, print the findings and write the HTML report')
    .option('--keep', 'leave the lab running after the scan (Ctrl-C to stop)')
    .option('--db <file>', 'database for the demo (default: demo.db beside the inventory; recreated each run)')
    .option('-o, --output <file>', 'where to write the HTML report', 'reports/seed-home.html')
    .addHelpText('after', DEMO_HELP)
    .action(async (options) => {
      const log = createLogger(process.env.IOTWARDEN_LOG_LEVEL ?? 'warn');
      const db = options.db ?? join(dirname(resolveDbPath()), 'demo.db');
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
      // The household's config, written as a user would write theirs, so the hints below work as printed.
      const configFile = join(dirname(db), 'demo.yaml');
      const credentialEntries = SEED_HOME_CREDENTIALS;
      mkdirSync(dirname(configFile), { recursive: true, mode: 0o700 });
      writeFileSync(configFile, stringify({ networks: [SEED_HOME_NETWORK], credentials: credentialEntries }), {
        mode: 0o600,
      });
      const out = process.stdout;
      const color = colorEnabled(out);
      out.write(`Starting the seed-home lab on ${SEED_HOME_NETWORK} …\n`);
      const lab = await startLab(loadLabScenario(undefined), { log, writePortMap: true });
      try {
        const shifted = lab.devices.some((d) => d.ports.some((p) => p.port !== p.actual));
        out.write(
          `${lab.devices.length} simulated devices are up${shifted ? ' (ports below 1024 shifted by +10000: not root)' : ''}. Scanning …\n\n`,
        );
        const result = await scanAndAudit({
          targets: [SEED_HOME_NETWORK],
          ports: 'default',
          allowLarge: false,
          credentialEntries,
          credentialChecks: true,
          // The lab router's lease file, read as a user would read their router's: MACs and names for every device.
          leaseFiles: lab.leaseFile ? [lab.leaseFile] : [],
          connectTimeoutMs: undefined,
          requestTimeoutMs: undefined,
          connectConcurrency: undefined,
          db,
          progress: undefined,
          log,
        });
        // What the devices say to the internet: the lab's Pi-hole log, imported and analysed like a real one.
        const dns = await runDnsDemo({ db, piholeDb: join(dirname(db), 'demo-pihole-FTL.db') });
        printScanSummary(out, { ...result, model: dns.model });
        out.write(`\n${dns.summary}\n`);
        const report = resolve(options.output);
        mkdirSync(dirname(report), { recursive: true });
        writeFileSync(report, renderHtml(dns.model), { mode: 0o600 });
        out.write(`\nHTML report: ${report}\n`);
        const flags = `--db ${db} --config ${configFile}`;
        out.write('Explore:\n');
        out.write(`  npx iotwarden device garage-door --db ${db}\n`);
        out.write(`  npx iotwarden dns report --device garage-door ${flags}\n`);
        out.write(`  npx iotwarden diff --peers garage-door ${flags}\n`);
        out.write(`  npx iotwarden firmware status ${flags}\n`);
        if (options.keep) out.write(`  npx iotwarden firmware apply --now ${flags}\n`);
        if (options.keep) {
          out.write(`\nThe lab keeps running (${color ? 'Ctrl-C' : 'SIGINT'} to stop). Scan it yourself:\n`);
          out.write(`  npx iotwarden scan --db ${db} --config ${configFile}\n`);
          await new Promise<void>((done) => {
            process.once('SIGINT', () => done());
            process.once('SIGTERM', () => done());
          });
        }
      } finally {
        await lab.stop();
      }
    });
}
