// How values look in the dashboard: a node as (:Label {name: ...}), a
// relationship as [:TYPE], tagged numbers, bytes and dates as themselves, and
// a short caption for a node in the graph views.
import type { ApiNode, ApiRel, JsonValue } from './api.js';

const CAPTION_KEYS = ['name', 'title', 'label', 'id', 'key', 'code'];

function isObj(v: JsonValue): v is { [key: string]: JsonValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function propsText(p: Record<string, JsonValue>, max = 3): string {
  const keys = Object.keys(p);
  if (keys.length === 0) return '';
  const shown = keys.slice(0, max).map((k) => `${k}: ${valueText(p[k]!)}`);
  return ` {${shown.join(', ')}${keys.length > max ? ', …' : ''}}`;
}

export function nodeText(n: ApiNode): string {
  return `(${n.labels.map((l) => `:${l}`).join('')}${propsText(n.properties)})`;
}

export function relText(r: ApiRel): string {
  return `[:${r.type}${propsText(r.properties)}]`;
}

/** One line of text for any value. */
export function valueText(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueText).join(', ')}]`;
  if ('$node' in v) return nodeText(v.$node as unknown as ApiNode);
  if ('$rel' in v) return relText(v.$rel as unknown as ApiRel);
  if ('$path' in v) {
    const p = v.$path as unknown as { nodes: ApiNode[]; relationships: ApiRel[] };
    return p.nodes.map((n, i) => (i === 0 ? nodeText(n) : `-${relText(p.relationships[i - 1]!)}->${nodeText(n)}`)).join('');
  }
  if ('$int' in v) return String(v.$int);
  if ('$float' in v) return String(v.$float);
  if ('$date' in v) return String(v.$date);
  if ('$bytes' in v) return `bytes(${String(v.$bytes).length * 0.75} B)`;
  return `{${Object.keys(v)
    .map((k) => `${k}: ${valueText(v[k]!)}`)
    .join(', ')}}`;
}

/** A short caption for a node: its name-like property, else its first label and id. */
export function nodeCaption(n: ApiNode): string {
  for (const k of CAPTION_KEYS) {
    const v = n.properties[k];
    if (v !== undefined && v !== null && !isObj(v) && !Array.isArray(v)) return String(v);
  }
  return `${n.labels[0] ?? 'node'} ${n.id}`;
}

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

const assigned = new Map<string, string>();

/** A colour per label, distinct for the first ten labels seen in this page. */
export function colorOf(name: string): string {
  let c = assigned.get(name);
  if (c === undefined) {
    c = PALETTE[assigned.size % PALETTE.length]!;
    assigned.set(name, c);
  }
  return c;
}

/** Escapes text for innerHTML. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A property table for the details panels. */
export function propsTable(p: Record<string, JsonValue>): string {
  const keys = Object.keys(p);
  if (keys.length === 0) return '<p class="muted">no properties</p>';
  return `<table class="props">${keys.map((k) => `<tr><th>${esc(k)}</th><td>${esc(valueText(p[k]!))}</td></tr>`).join('')}</table>`;
}
