// The overview page: counts by label and type, file and log sizes, the
// cache hit rate, and live charts of commits/s, syncs/s and commits per sync
// (group commit at work), refreshed every second from /api/stats.
import { getJson, type SchemaAnswer, type StatsAnswer } from './api.js';
import { LiveChart } from './charts.js';
import { esc } from './values.js';

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function num(n: number): string {
  return n.toLocaleString('en');
}

export class OverviewPage {
  readonly #root: HTMLElement;
  readonly #rates: LiveChart;
  readonly #factor: LiveChart;
  #timer: number | null = null;
  #schemaAtMs = 0;

  constructor(root: HTMLElement) {
    this.#root = root;
    root.innerHTML = `
      <div class="cards" id="ov-cards"></div>
      <div class="charts">
        <div class="chart" id="chart-commits" data-testid="chart-commits"></div>
        <div class="chart" id="chart-factor" data-testid="chart-factor"></div>
      </div>
      <p class="muted small">Group commit: many small concurrent commits share one fsync of the log; commits per sync above 1 is that sharing.</p>
      <div class="tables">
        <div><h3>Labels</h3><table class="grid" id="ov-labels"></table></div>
        <div><h3>Relationship types</h3><table class="grid" id="ov-types"></table></div>
        <div><h3>Property keys</h3><table class="grid" id="ov-keys"></table></div>
        <div><h3>Indexes</h3><table class="grid" id="ov-indexes"></table></div>
      </div>`;
    this.#rates = new LiveChart(root.querySelector('#chart-commits')!, 'Commits and log syncs per second', [
      { label: 'commits/s', color: '#4e79a7' },
      { label: 'syncs/s', color: '#e15759' },
    ]);
    this.#factor = new LiveChart(root.querySelector('#chart-factor')!, 'Commits per sync', [{ label: 'commits per sync', color: '#59a14f' }]);
  }

  start(): void {
    if (this.#timer !== null) return;
    void this.refresh();
    this.#timer = window.setInterval(() => void this.refresh(), 1000);
  }

  stop(): void {
    if (this.#timer !== null) window.clearInterval(this.#timer);
    this.#timer = null;
  }

  async refresh(): Promise<void> {
    try {
      const s = await getJson<StatsAnswer>('/api/stats');
      this.#renderStats(s);
      if (Date.now() - this.#schemaAtMs > 10_000) {
        this.#schemaAtMs = Date.now();
        this.#renderSchema(await getJson<SchemaAnswer>('/api/schema'));
      }
    } catch (err) {
      this.#root.querySelector('#ov-cards')!.innerHTML = `<div class="error">${esc(String(err))}</div>`;
    }
  }

  /** Forces the schema tables to reload at the next refresh. */
  invalidateSchema(): void {
    this.#schemaAtMs = 0;
  }

  #renderStats(a: StatsAnswer): void {
    const s = a.stats as Record<string, number>;
    const factor = s.logSyncs! > 0 ? (s.commits! / s.logSyncs!).toFixed(2) : '–';
    const cards: Array<[string, string, string]> = [
      ['nodes', num(s.nodes!), 'card-nodes'],
      ['relationships', num(s.edges!), 'card-edges'],
      ['commits', num(s.commits!), 'card-commits'],
      ['log syncs', num(s.logSyncs!), 'card-syncs'],
      ['commits per sync', factor, 'card-factor'],
      ['database file', bytes(s.dbFileSizeBytes!), 'card-db'],
      ['log file', bytes(s.walFileSizeBytes!), 'card-log'],
      ['log frames', num(s.walFrames!), 'card-frames'],
      ['cache hit rate', `${(s.cacheHitRate! * 100).toFixed(1)} %`, 'card-cache'],
      ['cache pages used', `${num(s.cachePages!)} / ${num(s.cacheCapacityPages!)}`, 'card-cache-pages'],
      ['checkpoints', num(s.checkpoints!), 'card-checkpoints'],
      ['open snapshots', num(a.openSnapshots), 'card-snapshots'],
      ['mode', `${String(a.stats.synchronous)}${a.server.readOnly ? ' · read-only' : ''}`, 'card-mode'],
    ];
    this.#root.querySelector('#ov-cards')!.innerHTML = cards.map(([k, v, id]) => `<div class="card" data-testid="${id}"><div class="card-value">${esc(v)}</div><div class="card-label">${esc(k)}</div></div>`).join('');
    const h = a.history;
    const x = h.map((p) => p.timeMs / 1000);
    this.#rates.setData(x, [h.map((p) => p.commitsPerSecond), h.map((p) => p.syncsPerSecond)]);
    this.#factor.setData(x, [h.map((p) => p.commitsPerSync)]);
  }

  #renderSchema(s: SchemaAnswer): void {
    const rows = (items: Array<[string, string]>, empty: string): string =>
      items.length === 0 ? `<tr><td class="muted">${empty}</td></tr>` : items.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="num">${esc(v)}</td></tr>`).join('');
    this.#root.querySelector('#ov-labels')!.innerHTML = rows(s.labels.map((l) => [l.name, num(l.count)]), 'no labels');
    this.#root.querySelector('#ov-types')!.innerHTML = rows(s.edgeTypes.map((t) => [t.name, num(t.count)]), 'no relationships');
    this.#root.querySelector('#ov-keys')!.innerHTML =
      rows(s.propertyKeys.slice(0, 50).map((k) => [k.name, `${num(k.nodes)} nodes · ${num(k.edges)} rels`]), 'no properties') +
      (s.sampled ? '<tr><td class="muted small" colspan="2">counted over the first nodes and relationships only</td></tr>' : '');
    this.#root.querySelector('#ov-indexes')!.innerHTML = rows(s.indexes.map((i) => [`:${i.label}(${i.property})`, '']), 'no indexes');
  }
}
