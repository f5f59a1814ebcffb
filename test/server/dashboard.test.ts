// The dashboard in real headless Chromium (Debian's chromium, driven by
// playwright-core; no browser download): it loads, runs a Cypher query,
// shows the answer as a table, a graph and a plan tree, opens the explorer
// from a link, expands a node by double click, reopens the same view from
// its link, and its commits chart moves after writes. Screenshots go to
// test-artifacts/ (gitignored).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { auth, post, startHarness, type Harness } from './server-harness.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let h: Harness;
let browser: Browser;
let buildDir: string;

before(async () => {
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`);
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-dashboard-'));
  const { buildDashboard } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-dashboard.mjs')).href)) as { buildDashboard: (dir: string) => Promise<string> };
  await buildDashboard(buildDir);
  h = await startHarness({ dashboardDir: buildDir });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage'] });
});

after(async () => {
  await browser?.close();
  await h?.close();
  if (buildDir !== undefined) fs.rmSync(buildDir, { recursive: true, force: true });
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(h.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) errors.push(`request outside the server: ${r.url()}`);
  });
  return { page, errors };
}

async function explorerCounts(page: Page): Promise<{ nodes: number; edges: number }> {
  const el = page.locator('[data-testid=explorer-counts]');
  return { nodes: Number(await el.getAttribute('data-nodes')), edges: Number(await el.getAttribute('data-edges')) };
}

test('the console runs a query and shows a table, a graph and a plan tree', async () => {
  const { page, errors } = await newPage();
  await page.goto(`${h.url}/#/overview`);
  await page.locator('[data-testid=card-nodes] .card-value').filter({ hasText: String(h.db.nodeCount()) }).waitFor();

  await page.goto(`${h.url}/#/console`);
  await page.evaluate(`window.sombra.console.setQuery(${JSON.stringify('MATCH (a:Person)-[r:KNOWS]->(b)\nWHERE a.id <= $n\nRETURN a, r, b.name AS name')})`);
  await page.locator('#params').fill('{"n": 10}');
  await page.click('[data-testid=run]');
  await page.locator('[data-testid=result-table] tbody tr').nth(9).waitFor();
  assert.equal(await page.locator('[data-testid=result-table] tbody tr').count(), 10);
  assert.match(await page.locator('[data-testid=status]').innerText(), /10 rows/);
  assert.match(await page.locator('.cm-content').innerText(), /MATCH/);
  assert.ok((await page.locator('.cm-content span').count()) > 0, 'the editor highlights the Cypher');
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-console-table.png') });

  await page.click('[data-testid=view-graph]');
  // The a nodes and the KNOWS relationships (b is returned by name only).
  await page.locator('#console-details').filter({ hasText: /^10 nodes, 10 relationships/ }).waitFor();
  await page.waitForTimeout(1500); // let the layout spread the nodes for the screenshot
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-console-graph.png') });

  await page.click('[data-testid=profile]');
  await page.click('[data-testid=view-plan]');
  await page.locator('[data-testid=plan-tree] .plan-name').first().waitFor();
  assert.ok((await page.locator('[data-testid=plan-tree] .plan-op').count()) >= 2);
  assert.match(await page.locator('[data-testid=plan-tree]').innerText(), /\d+ rows/);

  await page.locator('.history a').first().waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('the explorer expands a node on double click and its link reopens the same view', async () => {
  const { page, errors } = await newPage();
  await page.goto(`${h.url}/#/explorer?mode=id&value=1&limit=50`);
  // Node 1 of the KNOWS ring and its two neighbours.
  await page.locator('[data-testid=explorer-counts][data-nodes="3"][data-edges="2"]').waitFor();

  const dblclickNode = async (id: number): Promise<void> => {
    await page.waitForFunction('!window.sombra.explorer.busy'); // loaded, and the layout it starts has started
    await page.evaluate('window.sombra.explorer.canvas.stopLayout()');
    const box = (await page.locator('#ex-canvas').boundingBox())!;
    const details = page.locator('[data-testid=explorer-details]').filter({ hasText: `#${id}` });
    // Click where sigma draws the node until it is selected (the last frames of the layout and the camera may still move it).
    let pos: { x: number; y: number } | null = null;
    for (let attempt = 0; attempt < 10 && !(await details.isVisible()); attempt++) {
      await page.waitForTimeout(300);
      pos = (await page.evaluate(`window.sombra.explorer.canvas.viewportPosition(${id})`)) as { x: number; y: number } | null;
      assert.ok(pos !== null, `node ${id} is drawn`);
      await page.mouse.click(box.x + pos.x, box.y + pos.y);
    }
    await details.waitFor();
    await page.mouse.dblclick(box.x + pos!.x, box.y + pos!.y);
  };
  await dblclickNode(2);
  await page.locator('[data-testid=explorer-counts][data-nodes="4"][data-edges="3"]').waitFor();

  // Filter: hide the KNOWS type; nothing is removed, the link remembers it.
  await page.locator('[data-testid=filter-types] input[data-name=KNOWS]').uncheck();
  await page.waitForTimeout(1200);
  await page.locator('[data-testid=filter-types] input[data-name=KNOWS]').check();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-explorer.png') });

  const hash = (await page.evaluate('location.hash')) as string;
  assert.match(hash, /x=2%3Aboth%3A/);
  const again = await newPage();
  await again.page.goto(`${h.url}/${hash}`);
  await again.page.locator('[data-testid=explorer-counts][data-nodes="4"][data-edges="3"]').waitFor();
  assert.deepEqual([...errors, ...again.errors], []);
  await again.page.close();
  await page.close();
});

test('the overview charts commits per second moving after writes', async () => {
  const { page, errors } = await newPage();
  await page.goto(`${h.url}/#/overview`);
  const chart = page.locator('[data-testid=chart-commits]');
  await page.waitForFunction(`Number(document.querySelector('[data-testid=chart-commits]').dataset.points ?? 0) >= 2`);
  const peakRate = async (): Promise<number> => (JSON.parse((await chart.getAttribute('data-max')) ?? '[0]') as number[])[0] ?? 0;
  assert.equal(await peakRate(), 0, 'no commits yet in the charted window');
  const commitsBefore = h.db.stats().commits;
  // Writes spread over a few chart samples, many at once so they share syncs.
  for (let round = 0; round < 5; round++) {
    const batch = Array.from({ length: 20 }, () => post(`${h.url}/api/mutate`, [{ op: 'createNode', labels: 'Load' }], auth));
    for (const r of await Promise.all(batch)) assert.equal(r.status, 200);
    await page.waitForTimeout(150);
  }
  assert.equal(h.db.stats().commits - commitsBefore, 100);
  await page.waitForFunction(`JSON.parse(document.querySelector('[data-testid=chart-commits]').dataset.max ?? '[0]')[0] > 0`);
  assert.ok((await peakRate()) > 0);
  await page.locator('[data-testid=card-commits] .card-value').filter({ hasText: /\d/ }).waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-overview.png') });
  assert.deepEqual(errors, []);
  await page.close();
});
