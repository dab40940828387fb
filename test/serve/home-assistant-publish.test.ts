import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mosquitto, startMosquitto } from '../support/mosquitto.ts';
import { startTestServe, type TestServe } from '../support/serve.ts';

/**
 * `serve` publishes the inventory to Home Assistant by MQTT discovery when `homeAssistant.mqtt` is configured (the
 * same bridge as `ha publish`), against a real mosquitto; and stops publishing (its last will marks the hub
 * unavailable) when it stops.
 */
let broker: Mosquitto;
let serve: TestServe | undefined;

beforeAll(async () => {
  broker = await startMosquitto();
}, 30_000);

afterAll(async () => {
  await serve?.stop();
  await broker?.stop();
});

/** What a subscriber sees now on `topic` (retained), or undefined. */
async function retainedOn(topic: string): Promise<string | undefined> {
  const client = await connectAsync(broker.url, { clientId: `checker-${Math.random()}` });
  let seen: string | undefined;
  client.on('message', (t, payload, packet) => {
    if (t === topic && packet.retain) seen = payload.toString();
  });
  await client.subscribeAsync(topic);
  await new Promise((r) => setTimeout(r, 300));
  await client.endAsync();
  return seen;
}

describe('serve and Home Assistant', () => {
  it('publishes the hub by MQTT discovery while it runs, and is unavailable after it stops', async () => {
    serve = await startTestServe({
      configYaml: `networks: []\nhomeAssistant:\n  mqtt:\n    url: ${broker.url}\n`,
    });
    expect(serve.lines.join('\n')).toContain('Publishing the inventory to Home Assistant');
    const scanButton = await retainedOn('homeassistant/button/iotwarden/hub_scan/config');
    expect(scanButton && JSON.parse(scanButton)).toMatchObject({ command_topic: expect.any(String) });
    expect(await retainedOn('iotwarden/status')).toBe('online');
    await serve.stop();
    serve = undefined;
    expect(await retainedOn('iotwarden/status')).toBe('offline');
  }, 60_000);

  it('starts without the bridge when homeAssistant.mqtt is not configured', async () => {
    const plain = await startTestServe();
    try {
      expect(plain.lines.join('\n')).not.toContain('Home Assistant');
    } finally {
      await plain.stop();
    }
  }, 60_000);
});
