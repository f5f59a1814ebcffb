// A graph drawing: graphology holds the nodes and relationships, sigma.js
// draws them with WebGL (smooth at thousands of elements), and ForceAtlas2
// lays them out in a web worker so the page stays responsive while it runs.
// Used by the console's graph view and by the explorer.
import Graph from 'graphology';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';
import type { ApiNode, ApiRel } from './api.js';
import { colorOf, nodeCaption } from './values.js';

export type Selection = { kind: 'node'; node: ApiNode } | { kind: 'rel'; rel: ApiRel };

export interface CanvasHandlers {
  onSelect(sel: Selection | null): void;
  /** Double click on a node. */
  onExpand?(node: ApiNode): void;
  /** Called after nodes or relationships were added or removed. */
  onChange?(): void;
}

interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  api: ApiNode;
}

interface EdgeAttrs {
  size: number;
  color: string;
  label: string;
  type: string;
  api: ApiRel;
}

const key = (id: number): string => String(id);

/** Up to this many nodes every label is drawn. */
const SMALL_GRAPH_NODES = 60;

export class GraphCanvas {
  readonly graph = new Graph<NodeAttrs, EdgeAttrs>({ multi: true, type: 'directed', allowSelfLoops: true });
  readonly #sigma: Sigma<NodeAttrs, EdgeAttrs>;
  readonly #handlers: CanvasHandlers;
  #layout: FA2Layout | null = null;
  #layoutTimer: number | null = null;
  #selected: string | null = null;
  #hiddenLabels = new Set<string>();
  #hiddenTypes = new Set<string>();

  constructor(container: HTMLElement, handlers: CanvasHandlers) {
    this.#handlers = handlers;
    this.#sigma = new Sigma(this.graph, container, {
      allowInvalidContainer: true, // built while its tab is hidden; resize() when shown
      renderEdgeLabels: false,
      enableEdgeEvents: true,
      defaultEdgeType: 'arrow',
      // Every node may show its label (leaves are drawn smallest); the label grid
      // (labelDensity, set by size in changed()) keeps a crowded graph readable.
      labelRenderedSizeThreshold: 0,
      labelDensity: 0.5,
      zIndex: true,
      nodeReducer: (node, data) => {
        const hidden = data.api.labels.length > 0 ? data.api.labels.every((l) => this.#hiddenLabels.has(l)) : this.#hiddenLabels.has('(no label)');
        if (hidden) return { ...data, hidden: true };
        if (node === this.#selected) return { ...data, highlighted: true, zIndex: 1, size: data.size * 1.4 };
        return data;
      },
      edgeReducer: (edge, data) => {
        const [s, t] = this.graph.extremities(edge);
        if (this.#hiddenTypes.has(data.api.type) || this.#nodeHidden(s) || this.#nodeHidden(t)) return { ...data, hidden: true };
        if (edge === this.#selected || s === this.#selected || t === this.#selected) return { ...data, color: '#333', size: data.size + 1, zIndex: 1 };
        return data;
      },
    });
    this.#sigma.on('clickNode', ({ node }) => {
      this.#selected = node;
      this.#sigma.refresh();
      this.#handlers.onSelect({ kind: 'node', node: this.graph.getNodeAttribute(node, 'api') });
    });
    this.#sigma.on('doubleClickNode', (e) => {
      e.preventSigmaDefault();
      this.#handlers.onExpand?.(this.graph.getNodeAttribute(e.node, 'api'));
    });
    this.#sigma.on('clickEdge', ({ edge }) => {
      this.#selected = edge;
      this.#sigma.refresh();
      this.#handlers.onSelect({ kind: 'rel', rel: this.graph.getEdgeAttribute(edge, 'api') });
    });
    this.#sigma.on('clickStage', () => {
      this.#selected = null;
      this.#sigma.refresh();
      this.#handlers.onSelect(null);
    });
  }

  #nodeHidden(k: string): boolean {
    const labels = this.graph.getNodeAttribute(k, 'api').labels;
    return labels.length > 0 ? labels.every((l) => this.#hiddenLabels.has(l)) : this.#hiddenLabels.has('(no label)');
  }

  hasNode(id: number): boolean {
    return this.graph.hasNode(key(id));
  }

  /** Adds (or updates) a node, placed near `nearId` when given; true when new. */
  addNode(n: ApiNode, nearId?: number): boolean {
    const k = key(n.id);
    if (this.graph.hasNode(k)) {
      this.graph.setNodeAttribute(k, 'api', n);
      return false;
    }
    let x = Math.random() * 100;
    let y = Math.random() * 100;
    if (nearId !== undefined && this.graph.hasNode(key(nearId))) {
      const a = this.graph.getNodeAttributes(key(nearId));
      const angle = Math.random() * 2 * Math.PI;
      x = a.x + Math.cos(angle) * 5;
      y = a.y + Math.sin(angle) * 5;
    }
    this.graph.addNode(k, { x, y, size: 5, color: colorOf(n.labels[0] ?? ''), label: nodeCaption(n), api: n });
    return true;
  }

  /** Adds a relationship whose two ends are drawn; true when new. */
  addRel(r: ApiRel): boolean {
    const k = `e${r.id}`;
    if (this.graph.hasEdge(k) || !this.graph.hasNode(key(r.start)) || !this.graph.hasNode(key(r.end))) return false;
    this.graph.addDirectedEdgeWithKey(k, key(r.start), key(r.end), { size: 1.5, color: '#b8bcc4', label: r.type, type: 'arrow', api: r });
    return true;
  }

  /** Sizes nodes by degree, then tells the owner. */
  changed(): void {
    this.graph.forEachNode((n) => this.graph.setNodeAttribute(n, 'size', Math.min(14, 4 + Math.sqrt(this.graph.degree(n)) * 1.5)));
    // Relationship types drawn on the edges while there are few enough to read.
    this.#sigma.setSetting('renderEdgeLabels', this.graph.size <= 150);
    // A small graph shows every node's label; a large one at most one per half grid cell.
    this.#sigma.setSetting('labelDensity', this.graph.order <= SMALL_GRAPH_NODES ? 4 : 0.5);
    this.#handlers.onChange?.();
  }

  clear(): void {
    this.stopLayout();
    this.graph.clear();
    this.#selected = null;
    this.#handlers.onSelect(null);
    this.#handlers.onChange?.();
  }

  /** Labels and types drawn, with counts. */
  census(): { labels: Map<string, number>; types: Map<string, number> } {
    const labels = new Map<string, number>();
    const types = new Map<string, number>();
    this.graph.forEachNode((_k, a) => {
      const ls = a.api.labels.length > 0 ? a.api.labels : ['(no label)'];
      for (const l of ls) labels.set(l, (labels.get(l) ?? 0) + 1);
    });
    this.graph.forEachEdge((_k, a) => types.set(a.api.type, (types.get(a.api.type) ?? 0) + 1));
    return { labels, types };
  }

  setFilter(hiddenLabels: Set<string>, hiddenTypes: Set<string>): void {
    this.#hiddenLabels = hiddenLabels;
    this.#hiddenTypes = hiddenTypes;
    this.#sigma.refresh();
  }

  /** Runs ForceAtlas2 in its worker for `ms`, then stops (again from the current positions when called again). */
  runLayout(ms = 4000): void {
    if (this.graph.order === 0) return;
    this.stopLayout();
    const settings = forceAtlas2.inferSettings(this.graph);
    this.#layout = new FA2Layout(this.graph, { settings: { ...settings, barnesHutOptimize: this.graph.order > 500, slowDown: 5 } });
    this.#layout.start();
    this.#layoutTimer = window.setTimeout(() => {
      this.stopLayout();
      this.fit(); // the layout spread the nodes: frame them again
    }, ms);
  }

  get layoutRunning(): boolean {
    return this.#layout?.isRunning() === true;
  }

  stopLayout(): void {
    if (this.#layoutTimer !== null) window.clearTimeout(this.#layoutTimer);
    this.#layoutTimer = null;
    this.#layout?.kill();
    this.#layout = null;
  }

  /** Centres the camera on everything drawn. */
  fit(): void {
    void this.#sigma.getCamera().animatedReset({ duration: 300 });
  }

  /** Redraws after the container changed size (a hidden tab shown). */
  resize(): void {
    this.#sigma.resize();
    this.#sigma.refresh();
  }

  /** The on-screen position of a node (tests click it). */
  viewportPosition(id: number): { x: number; y: number } | null {
    // Where sigma drew it (its display data, in the framed graph), not the raw attributes.
    const d = this.graph.hasNode(key(id)) ? this.#sigma.getNodeDisplayData(key(id)) : undefined;
    return d === undefined ? null : this.#sigma.framedGraphToViewport(d);
  }

  destroy(): void {
    this.stopLayout();
    this.#sigma.kill();
  }
}
