import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served from 127.0.0.1: WebGPU (navigator.gpu) only exists in secure contexts, which includes localhost.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { target: 'es2022', sourcemap: true },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
