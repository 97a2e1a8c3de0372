import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The web app bundles the shared contracts straight from their TypeScript source.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { conditions: ['jiuzhu-source', ...defaultClientConditions] },
  build: { outDir: 'dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  logLevel: 'warn',
});
