import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../util/clock.ts';
import { type EsphomeEntity, typicalNodeEntities } from './entities.ts';
import { type EntityValue, EsphomeEntityStore, SENSOR_UPDATE_INTERVAL_MS } from './entity-store.ts';

function store(clock = new FakeClock()) {
  return new EsphomeEntityStore({ entities: typicalNodeEntities(), clock, versionText: '2024.6.1 build' });
}

const named = (s: EsphomeEntityStore, name: string): EsphomeEntity =>
  s.entities.find((e) => e.name === name) as EsphomeEntity;

describe('ESPHome entity store', () => {
  it('publishes a switch change once: an unchanged state sends nothing, as Switch::publish_state dedups', () => {
    const s = store();
    const seen: Array<[string, EntityValue]> = [];
    s.subscribe((entity, value) => seen.push([entity.name, value]));
    const relay = named(s, 'Relay');
    expect(s.setSwitch(relay.key, true)).toBe(true);
    expect(s.setSwitch(relay.key, true)).toBe(false);
    expect(s.setSwitch(named(s, 'LED').key, true)).toBe(false); // not a switch
    expect(seen).toEqual([['Relay', true]]);
    expect(s.value(relay)).toBe(true);
    s.close();
  });

  it('a light keeps its brightness; brightness 0 turns it off', () => {
    const s = store();
    const led = named(s, 'LED');
    s.commandLight({ key: led.key, state: true, brightness: 0.4 });
    expect(s.value(led)).toEqual({ on: true, brightness: 0.4 });
    s.commandLight({ key: led.key, brightness: 0 });
    expect(s.value(led)).toEqual({ on: false, brightness: 0.4 });
    s.commandLight({ key: led.key, brightness: 7 });
    expect(s.value(led)).toEqual({ on: false, brightness: 1 });
  });

  it('the status sensor follows connected API clients and tells subscribers when it flips', () => {
    const s = store();
    const status = named(s, 'Status');
    const flips: EntityValue[] = [];
    s.subscribe((entity, value) => {
      if (entity === status) flips.push(value);
    });
    s.apiClientChanged(1);
    s.apiClientChanged(1);
    s.apiClientChanged(-1);
    expect(s.value(status)).toBe(true);
    s.apiClientChanged(-1);
    expect(flips).toEqual([true, false]);
    s.close();
  });

  it('uptime follows the clock; uptime and WiFi signal report every update interval while someone listens', async () => {
    const clock = new FakeClock();
    const s = store(clock);
    const uptime = named(s, 'Uptime');
    await clock.advance(5_000);
    expect(s.value(uptime)).toBe(5);
    const reports: string[] = [];
    const unsubscribe = s.subscribe((entity, value) => reports.push(`${entity.name}=${String(value)}`));
    await clock.advance(SENSOR_UPDATE_INTERVAL_MS);
    expect(reports).toEqual(['WiFi Signal=-59', 'Uptime=65']);
    unsubscribe();
    expect(clock.pendingSleepers).toBe(0);
    await clock.advance(SENSOR_UPDATE_INTERVAL_MS);
    expect(reports).toHaveLength(2);
  });
});
