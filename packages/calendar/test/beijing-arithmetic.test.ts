import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

/**
 * Beijing time worked out by hand: an eight-hour shift of an instant, a `+08:00` written into a string, or a
 * formatter of its own in the Asia/Shanghai zone.
 */
const HAND_MADE_BEIJING_TIME = [
  /\b8\s*\*\s*(3_?600_?000|60\s*\*\s*60\s*\*\s*1_?000|3_?600\s*\*\s*1_?000)\b/,
  /\b(3_?600_?000|60\s*\*\s*60\s*\*\s*1_?000)\s*\*\s*8\b/,
  /\b28_?800_?000\b/,
  /\+08:?00/,
  /Asia\/Shanghai/,
];

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'generated', 'dist', '.turbo'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) yield path;
  }
}

/** Every source and test file of the workspace's services, packages and tooling, but this package's own. */
function workspaceFiles(): string[] {
  const files: string[] = [];
  for (const group of ['services', 'packages', 'tooling'])
    for (const project of readdirSync(join(root, group), { withFileTypes: true })) {
      if (!project.isDirectory() || (group === 'packages' && project.name === 'calendar')) continue;
      for (const part of ['src', 'test', 'e2e'])
        try {
          files.push(...sourceFiles(join(root, group, project.name, part)));
        } catch {
          // The project has no such folder.
        }
    }
  return files;
}

describe('Beijing time is worked out only here', () => {
  it('finds hand-made Beijing time in no other package, service or test (use @jiuzhu/calendar)', () => {
    const files = workspaceFiles();
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          HAND_MADE_BEIJING_TIME.some((pattern) => pattern.test(line))
            ? [`${relative(root, file)}:${index + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(offenders).toEqual([]);
  });

  it('recognises the usual spellings', () => {
    const caught = (line: string) => HAND_MADE_BEIJING_TIME.some((pattern) => pattern.test(line));
    expect(caught('new Date(at.getTime() + 8 * 3_600_000)')).toBe(true);
    expect(caught('Date.now() + 8 * 60 * 60 * 1000')).toBe(true);
    expect(caught('new Date(`${date}T00:00:00+08:00`)')).toBe(true);
    expect(caught("new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })")).toBe(true);
    expect(caught('new Date(Date.now() + 30 * 86_400_000)')).toBe(false);
  });
});
