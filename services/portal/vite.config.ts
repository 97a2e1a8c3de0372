import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { CSP_NONCE_PLACEHOLDER } from './src/shared/csp-nonce.ts';

// The web app bundles the shared contracts straight from their TypeScript source.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { conditions: ['jiuzhu-source', ...defaultClientConditions] },
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: { outDir: 'dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  logLevel: 'warn',
});
