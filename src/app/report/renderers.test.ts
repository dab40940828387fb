import { describe, expect, it } from 'vitest';
import { HOSTILE_NAME, sampleHome } from '../../../test/support/sample-home.ts';
import { buildReportModel } from './build-report-model.ts';
import { renderHtml } from './render-html.ts';
import { renderJson, type toJsonReport } from './render-json.ts';
import { renderMarkdown } from './render-markdown.ts';
import { escapeHtml } from './sanitize-text.ts';

const model = buildReportModel(sampleHome(), { scannedAt: '2026-10-20T08:00:00.000Z' });

describe('HTML report', () => {
  const html = renderHtml(model);

  it('escapes a hostile device name everywhere and shows ANSI, NUL and bidi controls as visible escapes', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('\u001b');
    expect(html).not.toContain('\u0000');
    expect(html).not.toContain('\u202e');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[31mred\\x1b[0m\\x00nul\\u202eevil\\nline');
  });

  it('is self-contained: inline CSS only, no scripts, no external references, a restrictive CSP', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\ssrc=|\shref=/i);
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
  });

  it('shows the home score, every device, and each finding with severity, evidence and fix', () => {
    expect(html).toContain(`${model.homeScore}<span class="muted">/100</span>`);
    for (const device of model.devices) {
      expect(html).toContain(`<strong>${device.score}/100</strong>`);
      for (const finding of device.findings) expect(html).toContain(escapeHtml(finding.remediation[0]!));
    }
    expect(html).toContain('<pre>&gt; TCP 9999 {&quot;system&quot;');
    expect(html).toContain('<span class="badge">critical</span>');
    expect(html).toContain('Set a password on 3 Shellys');
  });
});

describe('Markdown report', () => {
  const markdown = renderMarkdown(model);

  it('escapes hostile names and keeps evidence inside fences it cannot close', () => {
    const outsideFences = markdown.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
    expect(outsideFences).not.toContain('<script>');
    expect(outsideFences.length).toBeLessThan(markdown.length);
    expect(markdown).toContain('\\<script\\>');
    expect(markdown).not.toContain('\u001b');
    expect(markdown).not.toContain('\u0000');
    expect(markdown).toContain('```text\n> TCP 9999');
  });

  it('lists the top actions and every device', () => {
    expect(markdown).toContain('## Do this first');
    expect(markdown).toContain('1. Remove the UPnP port mappings on router (critical');
    expect(markdown).toContain('2. Set a password on 3 Shellys: garage-door');
    expect(markdown.match(/^## .* — score \d+\/100$/gm)).toHaveLength(model.devices.length);
  });
});

describe('JSON contract', () => {
  const json = JSON.parse(renderJson(model)) as ReturnType<typeof toJsonReport>;

  it('has devices and summary, and every documented device field, with null for unknowns', () => {
    expect(Object.keys(json)).toEqual(['devices', 'summary']);
    const required = [
      'id',
      'name',
      'addresses',
      'mac',
      'vendor',
      'model',
      'hwVersion',
      'firmware',
      'protocols',
      'services',
      'score',
      'findings',
    ];
    for (const device of json.devices) {
      for (const key of required) expect(device, key).toHaveProperty(key);
      expect(Object.keys(device.firmware).sort()).toEqual(['installed', 'latest']);
      for (const service of device.services) expect(Object.keys(service).sort()).toEqual(['name', 'port', 'transport']);
      for (const finding of device.findings) {
        for (const key of [
          'checkId',
          'severity',
          'title',
          'evidence',
          'remediation',
          'references',
          'subject',
          'detail',
        ])
          expect(finding).toHaveProperty(key);
      }
    }
    const bare = json.devices.find((device) => device.addresses[0] === '127.77.50.30');
    expect(bare).toMatchObject({
      name: null,
      mac: null,
      vendor: null,
      model: null,
      hwVersion: null,
      firmware: { installed: null, latest: null },
      protocols: [],
      services: [],
      findings: [],
    });
  });

  it('keeps device strings exact (JSON escapes them) and carries the summary', () => {
    expect(json.devices.some((device) => device.name === HOSTILE_NAME)).toBe(true);
    expect(json.summary).toMatchObject({
      schemaVersion: 1,
      scannedAt: '2026-10-20T08:00:00.000Z',
      homeScore: model.homeScore,
      devices: 6,
    });
    expect(json.summary.topActions[0]?.text).toBeTypeOf('string');
    expect(renderJson(model)).not.toContain('\u001b');
  });
});
