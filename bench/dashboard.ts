/// <reference lib="dom" />
/**
 * bench:dashboard — the devices table with 1,000 devices in Debian's Chromium: from navigation to /devices to the
 * table rendered, then a click on a column header to the re-sorted rows painted. `iotwarden serve` runs as users
 * run it (the built bundle, with its built dashboard); each run is a fresh browser context (nothing cached).
 * The peer: the same 1,000 rows (the JSON /api/devices answers) in a plain page with no framework and no
 * virtualisation, built and re-sorted with DOM calls and served by a bare node:http server: the floor of the
 * browser itself. Goal (issue 11): navigation to the rendered, sorted table < 1 s. BENCH_DASHBOARD_RUNS sets runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/support/browser.ts';
import { buildBundle, startServeChild } from './serve-child.ts';
import { recordSyntheticDevices } from './serve-inventory.ts';

const DEVICES = 1000;
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 7);

interface Run {
  renderedMs: number;
  sortMs: number;
  totalMs: number;
}

/**
 * In the page: time from navigation start to the first device row, then from a click on the Name header to the
 * frame after the table says it is sorted by name (the same render that reorders the rows).
 * `performance.now()` counts from the navigation's start.
 */
async function measure(
  page: Page,
  url: string,
  selectors: { row: string; header: string; sorted: string },
): Promise<Run> {
  const { row: rowSelector, header: headerSelector, sorted: sortedSelector } = selectors;
  await page.goto(url, { waitUntil: 'commit' });
  const renderedMs = await page.waitForFunction(
    (selector) => (document.querySelector(selector) ? performance.now() : 0),
    rowSelector,
    { polling: 'raf', timeout: 30_000 },
  );
  const rendered = (await renderedMs.jsonValue()) as number;
  // Passed as source text: tsx would wrap named arrow functions in a helper the page does not have.
  const sortMs = (await page.evaluate(`new Promise((resolve) => {
    const start = performance.now();
    document.querySelector(${JSON.stringify(headerSelector)}).click();
    const wait = () => {
      if (document.querySelector(${JSON.stringify(sortedSelector)})) requestAnimationFrame(() => resolve(performance.now() - start));
      else if (performance.now() - start > 30000) resolve(-1);
      else requestAnimationFrame(wait);
    };
    wait();
  })`)) as number;
  if (sortMs < 0) throw new Error(`${url}: the table was not sorted within 30 s of the click`);
  return { renderedMs: round(rendered), sortMs: round(sortMs), totalMs: round(rendered + sortMs) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function summary(runs: Run[]) {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return {
    medianRenderedMs: median(runs.map((r) => r.renderedMs)),
    medianSortMs: median(runs.map((r) => r.sortMs)),
    medianTotalMs: median(runs.map((r) => r.totalMs)),
    maxTotalMs: Math.max(...runs.map((r) => r.totalMs)),
    runs,
  };
}

/** The peer page: fetch the rows, build all 1,000 <tr> with DOM calls, re-sort and rebuild on a header click. */
const PEER_PAGE = `<!doctype html><meta charset="utf-8"><title>peer</title>
<table><thead><tr><th><button id="by-name">Name</button></th><th>Address</th><th>Vendor</th><th>Model</th><th>Score</th></tr></thead><tbody></tbody></table>
<script type="module">
const rows = (await (await fetch('/rows.json')).json()).data.rows;
const body = document.querySelector('tbody');
const draw = () => {
  const fragment = document.createDocumentFragment();
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.className = 'row';
    for (const v of [r.name, r.address, r.vendor, r.model, r.score]) {
      const td = document.createElement('td');
      td.textContent = String(v ?? '');
      tr.append(td);
    }
    fragment.append(tr);
  }
  body.replaceChildren(fragment);
};
let asc = false;
document.getElementById('by-name').addEventListener('click', () => {
  asc = !asc;
  rows.sort((a, b) => (asc ? 1 : -1) * String(a.name).localeCompare(String(b.name)));
  draw();
  document.querySelector('table').dataset.sorted = asc ? 'asc' : 'desc';
});
draw();
</script>`;

function startPeer(rowsJson: string): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    if (req.url === '/rows.json') {
      res.setHeader('content-type', 'application/json');
      res.end(rowsJson);
    } else {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(PEER_PAGE);
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => server.close() });
    }),
  );
}

async function runs(
  browser: Browser,
  count: number,
  once: (page: Page) => Promise<Run>,
  cookie?: { url: string; value: string },
) {
  const results: Run[] = [];
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    if (cookie) {
      const [name, value] = cookie.value.split('=');
      await context.addCookies([{ name: name ?? '', value: value ?? '', url: cookie.url }]);
    }
    const page = await context.newPage();
    const run = await once(page);
    process.stderr.write(`run ${i + 1}/${count}: ${JSON.stringify(run)}\n`);
    results.push(run);
    await context.close();
  }
  return results.slice(1); // the first run warms the server's caches and the browser's code cache; it is left out
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-bench-dashboard-'));
  const browser = await launchChromium();
  try {
    buildBundle();
    const db = join(dir, 'inventory.db');
    await recordSyntheticDevices(db, DEVICES);
    const serve = await startServeChild(db, dir);
    let rowsJson: string;
    let iotwarden: Run[];
    try {
      rowsJson = await (
        await fetch(`${serve.url}/api/devices?limit=1000&sort=score`, { headers: { cookie: serve.cookie } })
      ).text();
      iotwarden = await runs(
        browser,
        RUNS + 1,
        (page) =>
          measure(page, `${serve.url}/devices`, {
            row: 'table.devices tbody tr[data-device]',
            header: 'button[data-column=name]',
            sorted: 'th[aria-sort=ascending] button[data-column=name]',
          }),
        { url: serve.url, value: serve.cookie },
      );
    } finally {
      await serve.stop(); // also when a run fails: no serve left behind
    }
    const peer = await startPeer(rowsJson);
    const floor = await runs(browser, RUNS + 1, (page) =>
      measure(page, peer.url, { row: 'tbody tr.row', header: '#by-name', sorted: 'table[data-sorted=asc]' }),
    );
    peer.close();
    const ours = summary(iotwarden);
    const result = {
      bench: 'dashboard',
      devices: DEVICES,
      browser: browser.version(),
      iotwarden: ours,
      peer: { what: 'plain DOM page, all 1,000 rows, no framework, no virtualisation', ...summary(floor) },
      ratioToPeer: round(ours.medianTotalMs / Math.max(1, summary(floor).medianTotalMs)),
      goal: 'navigation to the rendered table, then a sort painted: < 1000 ms',
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(
      `bench:dashboard ${ours.maxTotalMs < 1000 ? 'met' : 'MISSED'} the goal: median ${ours.medianTotalMs} ms (rendered ${ours.medianRenderedMs} ms + sort ${ours.medianSortMs} ms), worst ${ours.maxTotalMs} ms; the plain-DOM peer ${summary(floor).medianTotalMs} ms`,
    );
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
