/** The report's inline stylesheet: no web fonts, no images, no url() — the file must work offline and alone. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1d232a; --bg: #ffffff; --muted: #5c6773; --line: #d8dee4; --card: #f6f8fa;
  --critical: #9b1c1c; --high: #c2410c; --medium: #a16207; --low: #1d4ed8; --info: #4b5563; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9aa5b1; --line: #30363d; --card: #161b22;
  --critical: #f87171; --high: #fb923c; --medium: #facc15; --low: #60a5fa; --info: #9ca3af; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 0; } h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
.muted { color: var(--muted); }
.score { font-size: 2.5rem; font-weight: 700; }
.summary { display: flex; gap: 1.5rem; align-items: center; flex-wrap: wrap; margin: 1rem 0; }
.counts span { margin-right: .75rem; }
section.device { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin: 1.25rem 0; background: var(--card); }
.device-head { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
table.facts { border-collapse: collapse; margin: .75rem 0; }
table.facts th { text-align: left; padding: .15rem 1rem .15rem 0; color: var(--muted); font-weight: 500; }
table.facts td { padding: .15rem 0; word-break: break-word; }
article.finding { border-left: 4px solid var(--sev); padding: .25rem 0 .25rem .75rem; margin: 1rem 0; }
.badge { display: inline-block; min-width: 4.5rem; text-align: center; border-radius: .25rem; padding: 0 .4rem; margin-right: .5rem;
  font-size: .75rem; font-weight: 700; text-transform: uppercase; color: var(--bg); background: var(--sev); }
.sev-critical { --sev: var(--critical); } .sev-high { --sev: var(--high); } .sev-medium { --sev: var(--medium); }
.sev-low { --sev: var(--low); } .sev-info { --sev: var(--info); }
pre { white-space: pre-wrap; word-break: break-all; background: var(--bg); border: 1px solid var(--line); border-radius: .25rem;
  padding: .5rem; font-size: .8rem; margin: .5rem 0; }
details { margin: .5rem 0; } summary { cursor: pointer; }
ol, ul { margin: .25rem 0; padding-left: 1.5rem; }
.refs { font-size: .8rem; color: var(--muted); }
div.privacy-device { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin: 1rem 0; background: var(--card); }
svg.chart { display: block; max-width: 100%; height: auto; margin: .5rem 0; color: var(--muted); }
table.destinations { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
table.destinations th, table.destinations td { text-align: left; padding: .15rem .75rem .15rem 0; vertical-align: top; overflow-wrap: anywhere; }
table.destinations td.num { text-align: right; }
.privacy .badge { --sev: var(--medium); min-width: 0; }
table.risk { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; width: 100%; }
table.risk th, table.risk td { text-align: left; padding: .2rem .6rem .2rem 0; vertical-align: top; }
table.risk td:nth-child(-n+4) { white-space: nowrap; } table.risk td:nth-child(5) { overflow-wrap: anywhere; }
table.risk .badge { min-width: 4.5rem; }
svg.matrix { display: block; max-width: 100%; height: auto; margin: .75rem 0; color: var(--muted); }
`;
