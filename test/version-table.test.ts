import { describe, expect, it } from 'vitest';
import { VersionTable } from '../adapters/store/engine.js';

describe('version table', () => {
  it('GIVEN a bounded table WHEN more keys are written than it holds THEN it forgets the oldest and stays bounded', () => {
    const t = new VersionTable(3);
    for (let i = 0; i < 10; i++) t.bump([`k${i}`]);
    expect(t.size).toBe(3);
  });

  it('GIVEN a key read before it was written WHEN validated THEN the write is seen, even after the key was forgotten', () => {
    const t = new VersionTable(2);
    const read = new Map([['a', t.get('a')]]);
    t.bump(['a']);
    expect(t.valid(read, new Set())).toBe(false);
    t.bump(['b']);
    t.bump(['c']);
    expect(t.get('a')).toBeGreaterThanOrEqual(1);
    expect(t.valid(read, new Set())).toBe(false);
  });

  it('GIVEN a key read and never written again WHEN others are written THEN the read stays valid until the key is forgotten', () => {
    const t = new VersionTable(2);
    t.bump(['a']);
    const read = new Map([['a', t.get('a')]]);
    t.bump(['b']);
    expect(t.valid(read, new Set())).toBe(true);
    t.bump(['c']);
    t.bump(['d']);
    expect(t.valid(read, new Set())).toBe(false);
  });

  it('GIVEN a key claimed by an earlier commit of the same batch WHEN validated THEN it conflicts', () => {
    const t = new VersionTable();
    expect(t.valid(new Map([['a', 0]]), new Set(['a']))).toBe(false);
    expect(t.valid(new Map([['a', 0]]), new Set())).toBe(true);
  });
});
