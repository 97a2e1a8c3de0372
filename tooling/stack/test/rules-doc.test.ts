import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const doc = join(root, 'docs/rules.md');
const text = readFileSync(doc, 'utf8');

/** Relative links of a line of markdown (web addresses and in-page anchors aside), without any #anchor. */
const linksOf = (line: string) =>
  [...line.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!);

describe('docs/rules.md, the map of where each rule lives', () => {
  const rows = text.split('\n').filter((line) => line.startsWith('|') && linksOf(line).length > 0);

  it('maps the rules, each to one file', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(linksOf(row), row).toHaveLength(1);
  });

  it('links only files that exist', () => {
    const broken = text
      .split('\n')
      .flatMap(linksOf)
      .filter((target) => {
        const path = join(dirname(doc), target);
        return !existsSync(path) || !statSync(path).isFile();
      });
    expect(broken).toEqual([]);
  });

  it('names for each rule what in its file decides it, and the file has it', () => {
    const missing = rows.flatMap((row) => {
      const file = join(dirname(doc), linksOf(row)[0]!);
      const source = readFileSync(file, 'utf8');
      const names = [...row.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
      expect(names.length, row).toBeGreaterThan(0);
      return names.filter((name) => !source.includes(name)).map((name) => `${relative(root, file)}: ${name}`);
    });
    expect(missing).toEqual([]);
  });
});
