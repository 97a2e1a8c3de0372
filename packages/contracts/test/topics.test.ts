import { describe, expect, it } from 'vitest';
import { EVENTS, TOPICS } from '../src/index.ts';

describe('topic registry', () => {
  it('gives every bounded context its own topic name', () => {
    const names = Object.values(TOPICS);
    expect(new Set(names).size).toBe(names.length);
  });

  it('publishes every event on a registered topic with a unique type', () => {
    const registered = new Set<string>(Object.values(TOPICS));
    for (const event of EVENTS) expect(registered.has(event.topic)).toBe(true);
    const types = EVENTS.map((e) => `${e.type}@${e.version}`);
    expect(new Set(types).size).toBe(types.length);
  });
});
