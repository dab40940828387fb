import { describe, expect, it } from 'vitest';
import { sampleHome } from '../../../test/support/sample-home.ts';
import { buildReportModel } from '../../app/report/build-report-model.ts';
import { colorEnabled } from './color.ts';
import { renderDeviceTable, renderFindingTable } from './report-tables.ts';
import { displayWidth, renderTable, truncate } from './text-table.ts';

const model = buildReportModel(sampleHome(), { scannedAt: '2026-10-20T08:00:00.000Z' });
// biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences start with ESC; the test strips them
const SGR = /\u001b\[\d+m/g;

describe('colour decision', () => {
  it('colours only a TTY, honours NO_COLOR and FORCE_COLOR', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});

describe('device and finding tables', () => {
  it('fit 100 columns and carry no control characters from devices', () => {
    for (const table of [renderDeviceTable(model), renderFindingTable(model)]) {
      for (const line of table.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(100);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
      expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    }
  });

  it('lists each device with score and worst severity, worst first', () => {
    const lines = renderDeviceTable(model).split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ADDRESS\s+VENDOR \/ MODEL\s+FIRMWARE\s+SCORE\s+WORST$/);
    expect(lines).toHaveLength(model.devices.length + 1);
    expect(lines[1]).toMatch(/^router\s+127\.77\.50\.1\s+—\s+—\s+40\s+critical$/);
    expect(lines.some((line) => line.startsWith('<script>alert(1)</scrip…  127.77.50.20'))).toBe(true);
  });

  it('sorts findings by severity', () => {
    const lines = renderFindingTable(model).split('\n').slice(1);
    expect(lines[0]).toMatch(/^critical\s+router\s+Router exposes a device/);
    expect(lines.at(-1)).toMatch(/^info\s/);
  });

  it('colours severities only when asked, without changing the visible text', () => {
    const plain = renderFindingTable(model, { color: false });
    const coloured = renderFindingTable(model, { color: true });
    expect(plain).not.toMatch(SGR);
    expect(coloured).toContain('\u001b[91mcritical');
    expect(coloured.replace(SGR, '')).toBe(plain);
  });
});

describe('text table', () => {
  it('shrinks the widest column and truncates with an ellipsis', () => {
    const table = renderTable(
      [
        { header: 'A', min: 4, max: 80 },
        { header: 'B', min: 4, max: 80 },
      ],
      [['x'.repeat(70), 'y'.repeat(70)]],
      { width: 40 },
    );
    const row = table.split('\n')[1]!;
    expect(displayWidth(row)).toBeLessThanOrEqual(40);
    expect(row).toContain('…');
  });

  it('measures wide characters as two columns', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(truncate('日本語テキスト', 5)).toBe('日本…');
  });
});
