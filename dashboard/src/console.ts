// The query console: a Cypher editor with highlighting, parameters as JSON,
// a history kept in the browser, and the answer as a table, a graph (the
// nodes and relationships in the rows), a plan tree (EXPLAIN / PROFILE) or
// raw JSON. "Open in explorer" hands the query to the graph explorer.
import { ApiError, collectElements, runCypher, type ApiNode, type ApiRel, type JsonValue, type QueryAnswer } from './api.js';
import { createEditor, editorText, setEditorText } from './editor.js';
import { GraphCanvas, type Selection } from './graph-canvas.js';
import { renderPlan } from './plan-tree.js';
import { esc, nodeText, propsTable, relText, valueText } from './values.js';

const HISTORY_KEY = 'sombra.history';
const HISTORY_MAX = 50;
type View = 'table' | 'graph' | 'plan' | 'json';

interface HistoryEntry {
  cypher: string;
  params: string;
}

function loadHistory(): HistoryEntry[] {
  try {
    const h = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as HistoryEntry[];
    return Array.isArray(h) ? h : [];
  } catch {
    return [];
  }
}

export class ConsolePage {
  readonly #root: HTMLElement;
  readonly #editor;
  readonly #params: HTMLTextAreaElement;
  #answer: QueryAnswer | null = null;
  #view: View = 'table';
  #canvas: GraphCanvas | null = null;
  #running: AbortController | null = null;
  /** Called with the query text by "Open in explorer". */
  onOpenInExplorer: (cypher: string) => void = () => {};
  /** Called after a query that wrote. */
  onWrite: () => void = () => {};

  constructor(root: HTMLElement) {
    this.#root = root;
    root.innerHTML = `
      <div class="console">
        <div class="console-left">
          <div id="cm-editor" class="editor" data-testid="editor"></div>
          <label class="small muted">Parameters (JSON)</label>
          <textarea id="params" class="params" spellcheck="false" placeholder='{"name": "Ada"}'>{}</textarea>
          <div class="buttons">
            <button id="run" class="primary" data-testid="run" title="Ctrl+Enter">Run</button>
            <button id="explain" data-testid="explain">Explain</button>
            <button id="profile" data-testid="profile">Profile</button>
            <button id="cancel" disabled>Cancel</button>
            <button id="to-explorer" title="open the nodes of this query in the graph explorer">Open in explorer</button>
          </div>
          <h3>History</h3>
          <ol id="history" class="history"></ol>
        </div>
        <div class="console-right">
          <div class="result-tabs">
            <button data-view="table" class="active">Table</button>
            <button data-view="graph" data-testid="view-graph">Graph</button>
            <button data-view="plan" data-testid="view-plan">Plan</button>
            <button data-view="json">JSON</button>
            <span id="status" class="status muted" data-testid="status"></span>
          </div>
          <div id="result" class="result" data-testid="result"></div>
          <div id="result-graph" class="result-graph" hidden>
            <div id="console-canvas" class="canvas" data-testid="console-canvas"></div>
            <div id="console-details" class="details"></div>
          </div>
        </div>
      </div>`;
    this.#editor = createEditor(root.querySelector('#cm-editor')!, 'MATCH (n)-[r]->(m)\nRETURN n, r, m\nLIMIT 100', () => void this.run());
    this.#params = root.querySelector('#params')!;
    root.querySelector('#run')!.addEventListener('click', () => void this.run());
    root.querySelector('#explain')!.addEventListener('click', () => void this.run('EXPLAIN '));
    root.querySelector('#profile')!.addEventListener('click', () => void this.run('PROFILE '));
    root.querySelector('#cancel')!.addEventListener('click', () => this.#running?.abort());
    root.querySelector('#to-explorer')!.addEventListener('click', () => this.onOpenInExplorer(editorText(this.#editor)));
    for (const b of root.querySelectorAll<HTMLButtonElement>('.result-tabs button')) b.addEventListener('click', () => this.show(b.dataset.view as View));
    this.#renderHistory();
  }

  setQuery(cypher: string): void {
    setEditorText(this.#editor, cypher);
  }

  #status(html: string): void {
    this.#root.querySelector('#status')!.innerHTML = html;
  }

  async run(prefix = ''): Promise<void> {
    const text = editorText(this.#editor).trim();
    if (text === '') return;
    let params: Record<string, JsonValue>;
    try {
      params = JSON.parse(this.#params.value.trim() === '' ? '{}' : this.#params.value) as Record<string, JsonValue>;
    } catch (err) {
      this.#status(`<span class="error">parameters are not JSON: ${esc(String(err))}</span>`);
      return;
    }
    const cypher = prefix !== '' && !/^\s*(explain|profile)\b/i.test(text) ? prefix + text : text;
    this.#remember({ cypher: text, params: this.#params.value });
    this.#running?.abort();
    const ac = new AbortController();
    this.#running = ac;
    (this.#root.querySelector('#cancel') as HTMLButtonElement).disabled = false;
    this.#status('running…');
    try {
      this.#answer = await runCypher(cypher, params, ac.signal);
      const a = this.#answer;
      const changed = a.stats !== undefined ? Object.entries(a.stats).filter(([, v]) => v > 0) : [];
      if (changed.length > 0) this.onWrite();
      this.#status(
        `${a.rowCount} row${a.rowCount === 1 ? '' : 's'}${a.truncated ? ' (truncated)' : ''} · ${a.elapsedMs.toFixed(1)} ms${changed.length > 0 ? ` · ${changed.map(([k, v]) => `${k}: ${v}`).join(', ')}` : ''}`,
      );
      this.show(a.plan !== undefined && a.rows.length === 0 ? 'plan' : this.#view === 'plan' && a.plan === undefined ? 'table' : this.#view);
    } catch (err) {
      this.#answer = null;
      if (ac.signal.aborted) this.#status('cancelled');
      else {
        const e = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
        this.#status('<span class="error">failed</span>');
        this.#root.querySelector('#result')!.innerHTML = `<pre class="error" data-testid="error">${esc(e)}</pre>`;
        this.#showPane('result');
      }
    } finally {
      if (this.#running === ac) this.#running = null;
      (this.#root.querySelector('#cancel') as HTMLButtonElement).disabled = true;
    }
  }

  #remember(e: HistoryEntry): void {
    const h = loadHistory().filter((x) => x.cypher !== e.cypher);
    h.unshift(e);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(h.slice(0, HISTORY_MAX)));
    this.#renderHistory();
  }

  #renderHistory(): void {
    const ol = this.#root.querySelector('#history')!;
    const h = loadHistory();
    ol.innerHTML = h.length === 0 ? '<li class="muted">queries you run appear here</li>' : h.map((e, i) => `<li><a href="#" data-i="${i}" title="${esc(e.cypher)}">${esc(e.cypher.replace(/\s+/g, ' ').slice(0, 80))}</a></li>`).join('');
    for (const a of ol.querySelectorAll<HTMLAnchorElement>('a[data-i]')) {
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        const e = h[Number(a.dataset.i)]!;
        this.setQuery(e.cypher);
        this.#params.value = e.params;
      });
    }
  }

  #showPane(which: 'result' | 'graph'): void {
    (this.#root.querySelector('#result') as HTMLElement).hidden = which !== 'result';
    (this.#root.querySelector('#result-graph') as HTMLElement).hidden = which !== 'graph';
  }

  show(view: View): void {
    this.#view = view;
    for (const b of this.#root.querySelectorAll<HTMLButtonElement>('.result-tabs button')) b.classList.toggle('active', b.dataset.view === view);
    const a = this.#answer;
    const out = this.#root.querySelector('#result') as HTMLElement;
    if (a === null) return;
    if (view === 'graph') {
      this.#showPane('graph');
      this.#drawGraph(a);
      return;
    }
    this.#showPane('result');
    if (view === 'plan') {
      if (a.plan === undefined) out.innerHTML = '<p class="muted">No plan: run with Explain or Profile.</p>';
      else renderPlan(out, a.plan);
      return;
    }
    if (view === 'json') {
      out.innerHTML = `<pre class="json">${esc(JSON.stringify(a, null, 2).slice(0, 500_000))}</pre>`;
      return;
    }
    if (a.columns.length === 0) {
      out.innerHTML = '<p class="muted">No rows.</p>';
      return;
    }
    const head = `<tr>${a.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
    const body = a.rows
      .slice(0, 2000)
      .map((r) => `<tr>${a.columns.map((c) => `<td>${esc(valueText(r[c] ?? null))}</td>`).join('')}</tr>`)
      .join('');
    out.innerHTML = `<table class="grid results" data-testid="result-table"><thead>${head}</thead><tbody>${body}</tbody></table>${a.rows.length > 2000 ? '<p class="muted">first 2,000 rows shown</p>' : ''}`;
  }

  #drawGraph(a: QueryAnswer): void {
    const nodes = new Map<number, ApiNode>();
    const rels = new Map<number, ApiRel>();
    for (const r of a.rows) collectElements(r as unknown as JsonValue, nodes, rels);
    const details = this.#root.querySelector('#console-details') as HTMLElement;
    if (this.#canvas === null) {
      this.#canvas = new GraphCanvas(this.#root.querySelector('#console-canvas')!, {
        onSelect: (sel: Selection | null) => {
          details.innerHTML =
            sel === null ? '<p class="muted">Click a node or a relationship.</p>' : sel.kind === 'node' ? `<h3>${esc(nodeText({ ...sel.node, properties: {} }))} #${sel.node.id}</h3>${propsTable(sel.node.properties)}` : `<h3>${esc(relText({ ...sel.rel, properties: {} }))} #${sel.rel.id}</h3><p>${sel.rel.start} → ${sel.rel.end}</p>${propsTable(sel.rel.properties)}`;
        },
      });
    }
    const c = this.#canvas;
    c.clear();
    c.resize();
    for (const n of nodes.values()) c.addNode(n);
    for (const r of rels.values()) c.addRel(r);
    c.changed();
    details.innerHTML = nodes.size === 0 ? '<p class="muted">The rows hold no nodes or relationships.</p>' : `<p class="muted">${nodes.size} nodes, ${rels.size} relationships. Click one for details.</p>`;
    c.runLayout(2500);
  }
}
