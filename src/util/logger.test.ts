import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('createLogger', () => {
  it('writes JSON lines whose C1 and bidi controls are escaped, so a log quoting a device is safe to print', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line) => lines.push(line) });
    log.warn({ device: 'plug\u009b2J\u202e' }, 'answer \u009d0;title\u0007 from device');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(lines[0]).toContain('plug\\u009b2J\\u202e');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      device: 'plug\u009b2J\u202e',
      msg: 'answer \u009d0;title\u0007 from device',
    });
  });
});
