import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../util/clock.ts';
import { HueBridgeModel } from './bridge-model.ts';
import { HueEventStream, MAX_UNREAD_BYTES } from './event-stream.ts';

/** Just enough of a ServerResponse to watch what the stream writes and whether it gives up on a client. */
class FakeResponse extends EventEmitter {
  status = 0;
  written: string[] = [];
  writableLength = 0;
  destroyed = false;
  headersSent = false;
  writeHead(status: number): this {
    this.status = status;
    this.headersSent = true;
    return this;
  }
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
  end(text?: string): this {
    if (text) this.written.push(text);
    this.emit('close');
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    this.emit('close');
    return this;
  }
}

function setup() {
  const model = new HueBridgeModel([{ id: 'l1', type: 'light', id_v1: '/lights/1', on: { on: false } }]);
  const events = new HueEventStream({ model, clock: new FakeClock() });
  const attach = (accept = 'text/event-stream') => {
    const res = new FakeResponse();
    events.attach({ headers: { accept } } as unknown as IncomingMessage, res as unknown as ServerResponse);
    return res;
  };
  const switchOn = (on: boolean) => model.publish([model.update('l1', { on: { on } })]);
  return { model, events, attach, switchOn };
}

describe('HueEventStream', () => {
  it('wants Accept: text/event-stream', () => {
    const { attach, events } = setup();
    expect(attach('application/json').status).toBe(406);
    expect(events.clients).toBe(0);
  });

  it('drops a client that leaves too much unread instead of buffering for it', () => {
    const { attach, events, switchOn } = setup();
    const reader = attach();
    const stalled = attach();
    stalled.writableLength = MAX_UNREAD_BYTES + 1;
    switchOn(true);
    expect(stalled.destroyed).toBe(true);
    expect(events.clients).toBe(1);
    expect(reader.written.at(-1)).toContain('"on":{"on":true}');
  });

  it('stops listening to the model when the last client goes', () => {
    const { attach, events, switchOn } = setup();
    const res = attach();
    res.emit('close');
    switchOn(true);
    expect(events.clients).toBe(0);
    expect(res.written).toEqual([': hi\n\n']);
  });
});
