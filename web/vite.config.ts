import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

export default defineConfig({
  root: 'web',
  plugins: [solid()],
  build: { outDir: 'dist', emptyOutDir: true },
  // In development the API is the control service on its own port.
  server: { proxy: { '/healthz': 'http://127.0.0.1:3000', '/api': 'http://127.0.0.1:3000' } },
});
