import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNetwork } from '../support/addresses.ts';
import type { ApiClient } from '../support/serve.ts';
import { ownedServe, type TestServe } from '../support/serve.ts';
import { ROOM_DEVICES, recordRoomSightings } from '../support/settings-fixture.ts';

/**
 * The network map is fed by /api/devices (web/pages/map.tsx): each row must carry Home Assistant's area, so the map
 * can group by room, and null for a device no area holds ("unassigned" on the map).
 */
let t: TestServe;
let owner: ApiClient;
const prefix = testNetwork().replace(/\.0\/24$/, '');

beforeAll(async () => {
  ({ t, owner } = await ownedServe());
  await recordRoomSightings(t.db, prefix, Date.now());
});
afterAll(() => t?.stop());

describe('the map feed', () => {
  it("answers each device's room, as the map asks for it", async () => {
    const answer = await owner.get('/api/devices?limit=1000&sort=address');
    expect(answer.status).toBe(200);
    const rooms = Object.fromEntries(
      answer.body.data.rows.map((r: { name: string; area: string | null }) => [r.name, r.area]),
    );
    expect(rooms).toEqual(Object.fromEntries(ROOM_DEVICES.map((d) => [d.name, d.area ?? null])));
  });
});
