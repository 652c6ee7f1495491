import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The built client is served by `styrkort serve` under a strict Content-Security-Policy
// (script-src 'self', style-src 'self'): nothing may be inlined into index.html.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/healthz": "http://127.0.0.1:8080" },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
