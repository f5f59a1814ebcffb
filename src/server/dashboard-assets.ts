/**
 * The dashboard's static files (built by `npm run build` from dashboard/
 * into dist/dashboard), read into memory once when the server starts: a
 * few hundred kilobytes, served with their content type, nothing fetched
 * at run time and nothing from the internet. Without a build, `/` explains
 * how to make one.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Buffer;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Where the build puts the dashboard, seen from this file (dist/src/server or src/server). */
export function defaultDashboardDir(): string | null {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const candidate of [join(here, '..', '..', 'dashboard'), join(here, '..', '..', 'dist', 'dashboard')]) {
    // A build has its bundle; the source folder (dashboard/, seen from src/server) has none.
    if (existsSync(join(candidate, 'index.html')) && existsSync(join(candidate, 'assets', 'app.js'))) return candidate;
  }
  return null;
}

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Every file of `dir` by its URL path (`/index.html`, `/assets/app.js`). */
export function loadDashboardAssets(dir: string | null): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (dir === null || !existsSync(join(dir, 'index.html'))) return assets;
  for (const file of walk(dir, [])) {
    const urlPath = `/${relative(dir, file).split(sep).join('/')}`;
    assets.set(urlPath, { body: readFileSync(file), contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
  }
  return assets;
}

export const DASHBOARD_MISSING_HTML = `<!doctype html><meta charset="utf-8"><title>Sombra</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>Sombra server</h1><p>The API is up (<a href="/api/stats">/api/stats</a>, <a href="/metrics">/metrics</a>),
but the dashboard was not built. Run <code>npm run build</code> and restart <code>sombra serve</code>.</p>`;
