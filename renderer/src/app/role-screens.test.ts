import { describe, expect, it } from 'vitest';
import { ROLE_PROFILES } from '../../../contract/role-profiles.js';
import { COUNTER_PANELS, VIEW_SCREENS } from './screen-registry.js';
import { TILE_IDS } from './tiles.js';

describe('the renderer draws the screens the role profiles name', () => {
  it('a kiosk: home and one flow per tile', () => {
    expect(ROLE_PROFILES.kiosk.views.main?.screens).toEqual(['home', ...TILE_IDS]);
  });

  it('a counter: the queue desk and its panels; its other views one screen each', () => {
    expect(ROLE_PROFILES.counter.views.main?.screens).toEqual(['queue', ...COUNTER_PANELS.map((panel) => panel.id)]);
    for (const [view, profile] of Object.entries(ROLE_PROFILES.counter.views)) {
      if (view === 'main') continue;
      expect(profile?.screens, view).toEqual([view]);
      expect(VIEW_SCREENS[view as keyof typeof VIEW_SCREENS], view).toBeDefined();
    }
  });
});
