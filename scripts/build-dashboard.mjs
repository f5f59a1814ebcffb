#!/usr/bin/env node
// Builds the dashboard (dashboard/) into static files the server serves:
// OUT/index.html, OUT/assets/app.js and OUT/assets/app.css, everything
// bundled (CodeMirror, sigma.js, graphology, uPlot): no CDN, no request to
// the internet at run time. Default OUT: dist/dashboard.
// Usage: node scripts/build-dashboard.mjs [outDir]   (or import { buildDashboard })
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the dashboard into `outDir`; resolves when the files are written. */
export async function buildDashboard(outDir = join(root, 'dist', 'dashboard'), { minify = true } = {}) {
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  await build({
    entryPoints: { app: join(root, 'dashboard', 'src', 'main.ts') },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify,
    sourcemap: false,
    outdir: join(outDir, 'assets'),
    logLevel: 'warning',
    legalComments: 'none',
  });
  copyFileSync(join(root, 'dashboard', 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

const invoked = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const out = await buildDashboard(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`dashboard built into ${out}`);
}
