// The graph explorer: start from a node id, a label or a Cypher query;
// expand a node's neighbours (double click, or the details panel, by type
// and direction); filter by label and type; details of the selected node or
// relationship; and a link that reopens the same view (the start, every
// expansion and the filters live in the URL's hash).
import { ApiError, collectElements, getJson, getToken, runCypher, type ApiNode, type ApiRel, type JsonValue, type NeighborsAnswer, type SchemaAnswer } from './api.js';
import { GraphCanvas, type Selection } from './graph-canvas.js';
import { colorOf, esc, propsTable } from './values.js';

type StartMode = 'id' | 'label' | 'query';
type Direction = 'both' | 'out' | 'in';

interface Expansion {
  id: number;
  type: string;
  direction: Direction;
}

/** Everything a link must hold to reopen the view. */
export interface ExplorerState {
  mode: StartMode;
  value: string;
  limit: number;
  expansions: Expansion[];
  hiddenLabels: string[];
  hiddenTypes: string[];
}

const EXPAND_LIMIT = 300;

export function stateToQuery(s: ExplorerState): string {
  const p = new URLSearchParams();
  p.set('mode', s.mode);
  p.set('value', s.value);
  p.set('limit', String(s.limit));
  if (s.expansions.length > 0) p.set('x', s.expansions.map((e) => `${e.id}:${e.direction}:${e.type}`).join(','));
  if (s.hiddenLabels.length > 0) p.set('hl', s.hiddenLabels.join(','));
  if (s.hiddenTypes.length > 0) p.set('ht', s.hiddenTypes.join(','));
  return p.toString();
}

export function stateFromQuery(q: string): ExplorerState | null {
  const p = new URLSearchParams(q);
  const mode = p.get('mode');
  const value = p.get('value');
  if ((mode !== 'id' && mode !== 'label' && mode !== 'query') || value === null) return null;
  const expansions: Expansion[] = [];
  for (const part of (p.get('x') ?? '').split(',')) {
    const m = /^(\d+):(both|out|in):(.*)$/.exec(part);
    if (m !== null) expansions.push({ id: Number(m[1]), direction: m[2] as Direction, type: m[3]! });
  }
  const list = (k: string): string[] => (p.get(k) ?? '').split(',').filter((x) => x !== '');
  return { mode, value, limit: Math.max(1, Math.min(5000, Number(p.get('limit') ?? 200) || 200)), expansions, hiddenLabels: list('hl'), hiddenTypes: list('ht') };
}

function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

export class ExplorerPage {
  readonly #root: HTMLElement;
  readonly canvas: GraphCanvas;
  #state: ExplorerState = { mode: 'label', value: '', limit: 200, expansions: [], hiddenLabels: [], hiddenTypes: [] };
  #types: string[] = [];
  #selected: Selection | null = null;
  #busy = 0;

  constructor(root: HTMLElement) {
    this.#root = root;
    root.innerHTML = `
      <div class="toolbar">
        <select id="ex-mode" data-testid="ex-mode">
          <option value="label">Label</option>
          <option value="id">Node id</option>
          <option value="query">Cypher query</option>
        </select>
        <input id="ex-value" data-testid="ex-value" list="ex-labels" placeholder="a label, a node id, or a query returning nodes and relationships">
        <datalist id="ex-labels"></datalist>
        <label class="small">limit <input id="ex-limit" type="number" min="1" max="5000" value="200"></label>
        <button id="ex-load" class="primary" data-testid="ex-load">Load</button>
        <span class="sep"></span>
        <button id="ex-layout" title="run the force layout again">Layout</button>
        <button id="ex-fit">Fit</button>
        <button id="ex-clear">Clear</button>
        <button id="ex-link" data-testid="ex-link" title="copy a link that reopens this view">Copy link</button>
        <span id="ex-status" class="status muted" data-testid="explorer-status"></span>
      </div>
      <div class="explorer">
        <aside class="filters">
          <h3>Labels</h3><div id="ex-f-labels" data-testid="filter-labels"></div>
          <h3>Types</h3><div id="ex-f-types" data-testid="filter-types"></div>
          <p class="muted small">Double-click a node to expand it with the type and direction chosen in its details.</p>
        </aside>
        <div id="ex-canvas" class="canvas" data-testid="explorer-canvas"></div>
        <aside id="ex-details" class="details" data-testid="explorer-details"><p class="muted">Load a start, then click a node or a relationship.</p></aside>
      </div>`;
    this.canvas = new GraphCanvas(root.querySelector('#ex-canvas')!, {
      onSelect: (sel) => {
        this.#selected = sel;
        this.#renderDetails();
      },
      onExpand: (node) => void this.expand({ id: node.id, ...this.#expandChoice() }),
      onChange: () => this.#renderCensus(),
    });
    root.querySelector('#ex-load')!.addEventListener('click', () => void this.load(this.#readStart()));
    root.querySelector('#ex-value')!.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter') void this.load(this.#readStart());
    });
    root.querySelector('#ex-layout')!.addEventListener('click', () => this.canvas.runLayout(4000));
    root.querySelector('#ex-fit')!.addEventListener('click', () => this.canvas.fit());
    root.querySelector('#ex-clear')!.addEventListener('click', () => {
      this.canvas.clear();
      this.#state = { ...this.#state, expansions: [] };
      this.#writeHash();
    });
    root.querySelector('#ex-link')!.addEventListener('click', () => {
      const url = `${location.origin}${location.pathname}#/explorer?${stateToQuery(this.#state)}`;
      void navigator.clipboard?.writeText(url).catch(() => {});
      this.#setStatus(`link copied: <a href="${esc(url)}" data-testid="ex-link-url">${esc(url.length > 80 ? `${url.slice(0, 80)}…` : url)}</a>`);
    });
  }

  /** Loads the schema for the label list and the type choices. */
  async loadSchema(): Promise<void> {
    try {
      const s = await getJson<SchemaAnswer>('/api/schema');
      this.#types = s.edgeTypes.map((t) => t.name);
      this.#root.querySelector('#ex-labels')!.innerHTML = s.labels.map((l) => `<option value="${esc(l.name)}">`).join('');
      const input = this.#root.querySelector('#ex-value') as HTMLInputElement;
      if (input.value === '' && s.labels[0] !== undefined) input.value = s.labels[0].name;
    } catch {
      /* the overview shows server errors */
    }
  }

  #readStart(): ExplorerState {
    const mode = (this.#root.querySelector('#ex-mode') as HTMLSelectElement).value as StartMode;
    const value = (this.#root.querySelector('#ex-value') as HTMLInputElement).value.trim();
    const limit = Math.max(1, Math.min(5000, Number((this.#root.querySelector('#ex-limit') as HTMLInputElement).value) || 200));
    return { mode, value, limit, expansions: [], hiddenLabels: [], hiddenTypes: [] };
  }

  #setStatus(html: string): void {
    this.#root.querySelector('#ex-status')!.innerHTML = html;
  }

  #writeHash(): void {
    const hash = `#/explorer?${stateToQuery(this.#state)}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  /** Opens the view a link describes (start, then each expansion in order). */
  async restore(state: ExplorerState): Promise<void> {
    await this.load({ ...state, expansions: [] }, false);
    for (const e of state.expansions) await this.expand(e, false);
    this.#state = { ...this.#state, hiddenLabels: state.hiddenLabels, hiddenTypes: state.hiddenTypes };
    this.#applyFilter();
    this.#writeHash();
  }

  /** Clears the drawing and loads a start. */
  async load(start: ExplorerState, writeHash = true): Promise<void> {
    if (start.value === '') {
      this.#setStatus('<span class="error">give a label, a node id or a query</span>');
      return;
    }
    (this.#root.querySelector('#ex-mode') as HTMLSelectElement).value = start.mode;
    (this.#root.querySelector('#ex-value') as HTMLInputElement).value = start.value;
    (this.#root.querySelector('#ex-limit') as HTMLInputElement).value = String(start.limit);
    this.#state = { ...start, expansions: [] };
    this.canvas.clear();
    this.#busy++;
    this.#setStatus('loading…');
    try {
      const nodes = new Map<number, ApiNode>();
      const rels = new Map<number, ApiRel>();
      if (start.mode === 'id') {
        const id = Number(start.value);
        if (!Number.isInteger(id) || id < 1) throw new Error(`${start.value} is not a node id`);
        const a = await getJson<NeighborsAnswer>(`/api/nodes/${id}/neighbors?direction=both&limit=${start.limit}`);
        nodes.set(a.node.id, a.node);
        for (const n of a.neighbors) {
          if (n.node !== null) nodes.set(n.node.id, n.node);
          if (n.edge !== null) rels.set(n.edge.id, n.edge);
        }
      } else {
        const cypher = start.mode === 'label' ? `MATCH (n:${quoteName(start.value)}) RETURN n LIMIT $limit` : start.value;
        const a = await runCypher(cypher, start.mode === 'label' ? { limit: start.limit } : {}, undefined, start.mode === 'query' ? start.limit : undefined);
        for (const r of a.rows) collectElements(r as unknown as JsonValue, nodes, rels);
      }
      for (const n of nodes.values()) this.canvas.addNode(n);
      for (const r of rels.values()) this.canvas.addRel(r);
      // A label, or a query that returned nodes only: fetch the relationships among them (one query).
      if (start.mode !== 'id' && nodes.size > 1 && rels.size === 0) await this.#connect([...nodes.keys()]);
      this.canvas.changed();
      this.canvas.runLayout(nodes.size > 1000 ? 8000 : 4000);
      this.canvas.fit();
      if (writeHash) this.#writeHash();
    } catch (err) {
      this.#setStatus(`<span class="error">${esc(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err))}</span>`);
    } finally {
      this.#busy--;
    }
  }

  /** Draws the relationships among the drawn nodes: one query for all of them. */
  async #connect(ids: number[]): Promise<void> {
    const a = await runCypher('MATCH (a)-[r]->(b) WHERE id(a) IN $ids AND id(b) IN $ids RETURN r LIMIT 20000', { ids }, undefined, 20000);
    const nodes = new Map<number, ApiNode>();
    const rels = new Map<number, ApiRel>();
    for (const r of a.rows) collectElements(r as unknown as JsonValue, nodes, rels);
    for (const r of rels.values()) this.canvas.addRel(r);
  }

  #expandChoice(): { type: string; direction: Direction } {
    const t = this.#root.querySelector('#ex-x-type') as HTMLSelectElement | null;
    const d = this.#root.querySelector('#ex-x-dir') as HTMLSelectElement | null;
    return { type: t?.value ?? '', direction: (d?.value as Direction | undefined) ?? 'both' };
  }

  /** Adds the neighbours of a node (of one type, or any) in one direction. */
  async expand(e: Expansion, writeHash = true): Promise<void> {
    this.#busy++;
    try {
      const q = new URLSearchParams({ direction: e.direction, limit: String(EXPAND_LIMIT) });
      if (e.type !== '') q.set('type', e.type);
      const a = await getJson<NeighborsAnswer>(`/api/nodes/${e.id}/neighbors?${q}`);
      this.canvas.addNode(a.node);
      let added = 0;
      for (const n of a.neighbors) {
        if (n.node !== null && this.canvas.addNode(n.node, e.id)) added++;
        if (n.edge !== null) this.canvas.addRel(n.edge);
      }
      this.#state.expansions.push(e);
      this.canvas.changed();
      if (added > 0) this.canvas.runLayout(2500);
      this.#flash(`expanded ${e.id}: ${a.neighbors.length} relationship${a.neighbors.length === 1 ? '' : 's'}, ${added} new node${added === 1 ? '' : 's'}${a.truncated ? ` (first ${EXPAND_LIMIT})` : ''}`);
      if (writeHash) this.#writeHash();
    } catch (err) {
      this.#setStatus(`<span class="error">${esc(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err))}</span>`);
    } finally {
      this.#busy--;
    }
  }

  #flashText = '';
  #flash(text: string): void {
    this.#flashText = text;
    this.#renderCensus();
  }

  /** Whether a load or an expansion is under way (tests wait for it). */
  get busy(): boolean {
    return this.#busy > 0;
  }

  #renderCensus(): void {
    const { labels, types } = this.canvas.census();
    const g = this.canvas.graph;
    this.#setStatus(`<span data-testid="explorer-counts" data-nodes="${g.order}" data-edges="${g.size}">${g.order.toLocaleString('en')} nodes · ${g.size.toLocaleString('en')} relationships</span>${this.#flashText !== '' ? ` · ${esc(this.#flashText)}` : ''}`);
    const boxes = (m: Map<string, number>, hidden: string[], kind: 'l' | 't'): string =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([name, count]) => `<label class="filter"><input type="checkbox" data-kind="${kind}" data-name="${esc(name)}" ${hidden.includes(name) ? '' : 'checked'}><span class="swatch" style="background:${kind === 'l' ? colorOf(name) : '#b8bcc4'}"></span>${esc(name)} <span class="muted">${count}</span></label>`)
        .join('') || '<p class="muted small">none drawn</p>';
    const fl = this.#root.querySelector('#ex-f-labels')!;
    const ft = this.#root.querySelector('#ex-f-types')!;
    fl.innerHTML = boxes(labels, this.#state.hiddenLabels, 'l');
    ft.innerHTML = boxes(types, this.#state.hiddenTypes, 't');
    for (const box of this.#root.querySelectorAll<HTMLInputElement>('.filters input[type=checkbox]')) {
      box.addEventListener('change', () => {
        const key = box.dataset.kind === 'l' ? 'hiddenLabels' : 'hiddenTypes';
        const name = box.dataset.name!;
        const set = new Set(this.#state[key]);
        if (box.checked) set.delete(name);
        else set.add(name);
        this.#state = { ...this.#state, [key]: [...set] };
        this.#applyFilter();
        this.#writeHash();
      });
    }
  }

  #applyFilter(): void {
    this.canvas.setFilter(new Set(this.#state.hiddenLabels), new Set(this.#state.hiddenTypes));
  }

  #renderDetails(): void {
    const d = this.#root.querySelector('#ex-details') as HTMLElement;
    const sel = this.#selected;
    if (sel === null) {
      d.innerHTML = '<p class="muted">Click a node or a relationship.</p>';
      return;
    }
    if (sel.kind === 'rel') {
      const r = sel.rel;
      d.innerHTML = `<h3>[:${esc(r.type)}] <span class="muted">#${r.id}</span></h3><p>(${r.start}) → (${r.end})</p>${propsTable(r.properties)}`;
      return;
    }
    const n = sel.node;
    const typeOptions = ['<option value="">any type</option>', ...this.#types.map((t) => `<option value="${esc(t)}">${esc(t)}</option>`)].join('');
    d.innerHTML = `
      <h3>${n.labels.map((l) => `<span class="chip" style="background:${colorOf(l)}">${esc(l)}</span>`).join(' ')} <span class="muted">#${n.id}</span></h3>
      ${propsTable(n.properties)}
      <div class="expand">
        <select id="ex-x-type" data-testid="expand-type">${typeOptions}</select>
        <select id="ex-x-dir" data-testid="expand-dir"><option value="both">both directions</option><option value="out">outgoing</option><option value="in">incoming</option></select>
        <button id="ex-x-go" class="primary" data-testid="expand">Expand</button>
      </div>
      <p class="small muted">${getToken() === '' ? '' : ''}</p>`;
    d.querySelector('#ex-x-go')!.addEventListener('click', () => void this.expand({ id: n.id, ...this.#expandChoice() }));
  }
}
