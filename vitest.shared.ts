import { defineConfig } from 'vitest/config';

// Every package's vitest config extends this: source-first resolution and real-database-friendly timeouts.
export default defineConfig({
  resolve: { conditions: ['jiuzhu-source'] },
  ssr: { resolve: { conditions: ['jiuzhu-source'] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
