import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

const API = process.env.LANTOA_API ?? 'http://localhost:3000';
const proxy = { '/api': API, '/docs': API, '/health': API };

/*
 * The desk's own code (app/DeskShell.tsx, its areas in desk-areas.ts and what only they use) is
 * built under assets/desk/, which the service worker does not precache: a collaborator's phone on
 * a slow link never downloads the secretariat's screens (about 100 KB of brotli). The desk loads
 * them from the network when opened.
 */
const DESK_MODULE =
  /\/src\/(app\/DeskShell\.tsx|features\/(desk-home|search|content-registry|directives|targets|task-desk|page-review|surveys|members|unit-tree|audit|system-status|org-tree|jobs)\/)/;
const DESK_DIR = 'assets/desk';

function isDeskChunk(chunk: { facadeModuleId: string | null; moduleIds: readonly string[] }): boolean {
  if (chunk.facadeModuleId !== null && DESK_MODULE.test(chunk.facadeModuleId)) return true;
  return chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => DESK_MODULE.test(id));
}

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: 'Lan Tỏa',
        short_name: 'Lan Tỏa',
        description: 'Ghi nhận chia sẻ, tương tác và báo cáo trang xấu độc',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1864ab',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        share_target: {
          action: '/share', // SHARE_TARGET_PATH in src/features/log-action/shared-link.ts
          method: 'GET',
          params: { title: 'title', text: 'text', url: 'url' },
        },
      },
      workbox: {
        // The app shell only: nothing under /api (another person's data) is ever cached.
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        globIgnores: [`${DESK_DIR}/**`],
        navigateFallback: '/index.html',
        // Web Push: the push and notificationclick handlers (public/push-handler.js).
        importScripts: ['/push-handler.js'],
        navigateFallbackDenylist: [/^\/api\//, /^\/docs/, /^\/health/, /^\/admin\//],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        // The first visit's page is controlled at once, so it keeps working if the network drops.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
    // gzip and brotli twins of every text asset, which the API serves as they are (preCompressed):
    // a phone on a slow link downloads a third of the bytes, and the server compresses nothing per request.
    compression({ algorithms: ['gzip', 'brotliCompress'], threshold: 1024 }),
  ],
  resolve: {
    alias: {
      // The API's own URL and platform rules, reused rather than copied (libs/platforms is pure).
      '@app/platforms': fileURLToPath(new URL('../../libs/platforms/src/canonical-url.ts', import.meta.url)),
      // The review workflow's moves, so the desk offers only what PATCH /pages/:id accepts (pure, no imports).
      '@app/page-case-workflow': fileURLToPath(new URL('../../libs/takedowns/src/page-case-transitions.ts', import.meta.url)),
      // What each job leaves in its result (the user import's refused rows): its types, not a copy (pure, no imports).
      '@app/queue-contracts': fileURLToPath(new URL('../../libs/queue-contracts/src/job-contracts.ts', import.meta.url)),
    },
  },
  server: { proxy },
  preview: { proxy },
  build: {
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      output: {
        chunkFileNames: (chunk) => (isDeskChunk(chunk) ? `${DESK_DIR}/[name]-[hash].js` : 'assets/[name]-[hash].js'),
        // The desk's stylesheet (all of Mantine's) is named after its chunk, DeskShell.
        assetFileNames: (asset) => (asset.names.some((name) => name.startsWith('DeskShell')) ? `${DESK_DIR}/[name]-[hash][extname]` : 'assets/[name]-[hash][extname]'),
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['src/test-setup.ts'],
  },
});
