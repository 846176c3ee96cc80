import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is a static SPA; the analysis runs in a module worker (src/worker).
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173 },
});
