import { describe, expect, expectTypeOf, it } from 'vitest';
import * as settings from '../settings/schema.js';
import { templateChannel } from './channel-map.js';
import { LANGUAGES, TONES, type Language, type Tone } from './types.js';

describe('template types agree with cadence settings', () => {
  it('have the same tones and languages', () => {
    expectTypeOf<Tone>().toEqualTypeOf<settings.Tone>();
    expectTypeOf<Language>().toEqualTypeOf<settings.Language>();
    expect([...TONES]).toEqual([...settings.TONES]);
    expect([...LANGUAGES]).toEqual([...settings.LANGUAGES]);
  });

  it('map every settings channel to a template channel', () => {
    expect(settings.CHANNELS.map((c) => templateChannel(c))).toEqual(['email', 'sms', 'voice', 'call_task']);
  });
});
