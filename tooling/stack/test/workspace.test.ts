import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dependencyFields = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

type Manifest = { name: string } & Partial<Record<(typeof dependencyFields)[number], Record<string, string>>>;

/** The root manifest and every package the `packages:` globs of pnpm-workspace.yaml name (all are `dir/*`). */
function workspaceManifests(): Manifest[] {
  const globs = [...readFileSync(`${root}pnpm-workspace.yaml`, 'utf8').matchAll(/^ {2}- (\S+)\/\*$/gm)];
  const files = globs.flatMap(([, dir]) =>
    readdirSync(`${root}${dir}`)
      .map((name) => `${root}${dir}/${name}/package.json`)
      .filter((file) => existsSync(file)),
  );
  return [`${root}package.json`, ...files].map((file) => JSON.parse(readFileSync(file, 'utf8')) as Manifest);
}

/** `package → dependency` for every third-party dependency that two or more packages use but not through `catalog:`. */
function uncatalogedSharedDependencies(manifests: Manifest[]): string[] {
  const users = new Map<string, Set<string>>();
  for (const manifest of manifests)
    for (const field of dependencyFields)
      for (const [dependency, range] of Object.entries(manifest[field] ?? {}))
        if (!range.startsWith('workspace:'))
          users.set(dependency, (users.get(dependency) ?? new Set()).add(manifest.name));
  return manifests.flatMap((manifest) =>
    dependencyFields.flatMap((field) =>
      Object.entries(manifest[field] ?? {})
        .filter(([dependency, range]) => (users.get(dependency)?.size ?? 0) > 1 && range !== 'catalog:')
        .map(([dependency, range]) => `${manifest.name} → ${dependency}@${range}`),
    ),
  );
}

describe('workspace dependencies', () => {
  it('takes every third-party dependency that two or more packages use from the pnpm catalog', () => {
    const manifests = workspaceManifests();
    expect(manifests.length).toBeGreaterThan(10);
    expect(uncatalogedSharedDependencies(manifests)).toEqual([]);
  });

  it('names a package that pins its own range of a shared dependency', () => {
    expect(
      uncatalogedSharedDependencies([
        { name: '@jiuzhu/a', dependencies: { zod: 'catalog:', '@jiuzhu/b': 'workspace:*' } },
        { name: '@jiuzhu/b', devDependencies: { zod: '4', kafkajs: '^2.2.4' } },
      ]),
    ).toEqual(['@jiuzhu/b → zod@4']);
  });
});
