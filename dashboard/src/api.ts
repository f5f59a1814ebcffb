// Calls to the server's API (same origin) and the types of its answers
// (docs/server.md). The write token, when the user gave one, goes in the
// Authorization header of every POST.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ApiNode {
  id: number;
  labels: string[];
  properties: Record<string, JsonValue>;
}

export interface ApiRel {
  id: number;
  type: string;
  start: number;
  end: number;
  properties: Record<string, JsonValue>;
}

export interface PlanNode {
  operator: string;
  details: string;
  estimatedRows: number;
  actualRows?: number;
  timeMs?: number;
  children: PlanNode[];
}

export interface QueryAnswer {
  columns: string[];
  rows: Array<Record<string, JsonValue>>;
  rowCount: number;
  truncated: boolean;
  elapsedMs: number;
  stats?: Record<string, number>;
  plan?: PlanNode;
}

export interface StatsSample {
  timeMs: number;
  commits: number;
  logSyncs: number;
  commitsPerSecond: number;
  syncsPerSecond: number;
  commitsPerSync: number | null;
  queriesPerSecond: number;
}

export interface StatsAnswer {
  stats: Record<string, number | string | boolean>;
  openSnapshots: number;
  server: { readOnly: boolean; uptimeMs: number; sampleIntervalMs: number; path: string };
  history: StatsSample[];
}

export interface SchemaAnswer {
  labels: Array<{ name: string; count: number }>;
  edgeTypes: Array<{ name: string; count: number }>;
  propertyKeys: Array<{ name: string; nodes: number; edges: number }>;
  indexes: Array<{ label: string; property: string }>;
  nodes: number;
  edges: number;
  sampled: boolean;
}

export interface NeighborsAnswer {
  node: ApiNode;
  neighbors: Array<{ node: ApiNode | null; edge: ApiRel | null; direction: 'out' | 'in' }>;
  truncated: boolean;
}

/** An error answer of the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly position: { line: number; column: number } | null = null,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'sombra.token';

export function getToken(): string {
  return localStorage.getItem(TOKEN_KEY) ?? '';
}

export function setToken(token: string): void {
  if (token === '') localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, token);
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) {
    const pos = body.position as { line: number; column: number } | null | undefined;
    throw new ApiError(res.status, String(body.code ?? 'ERROR'), String(body.message ?? res.statusText), pos ?? null);
  }
  return body as T;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(path, signal === undefined ? {} : { signal }));
}

export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = getToken();
  if (token !== '') headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method: 'POST', headers, body: JSON.stringify(body) };
  if (signal !== undefined) init.signal = signal;
  return answer<T>(await fetch(path, init));
}

export function runCypher(cypher: string, params: Record<string, JsonValue> = {}, signal?: AbortSignal, rowsMax?: number): Promise<QueryAnswer> {
  return postJson<QueryAnswer>('/api/query', rowsMax === undefined ? { cypher, params } : { cypher, params, rowsMax }, signal);
}

export function isNode(v: JsonValue): v is { $node: JsonValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && '$node' in v;
}

export function isRel(v: JsonValue): v is { $rel: JsonValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && '$rel' in v;
}

export function isPath(v: JsonValue): v is { $path: JsonValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && '$path' in v;
}

/** Every node and relationship in a value (lists, maps and paths searched). */
export function collectElements(v: JsonValue, nodes: Map<number, ApiNode>, rels: Map<number, ApiRel>): void {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) collectElements(x, nodes, rels);
    return;
  }
  if (isNode(v)) {
    const n = v.$node as unknown as ApiNode;
    nodes.set(n.id, n);
    return;
  }
  if (isRel(v)) {
    const r = v.$rel as unknown as ApiRel;
    rels.set(r.id, r);
    return;
  }
  if (isPath(v)) {
    const p = v.$path as unknown as { nodes: ApiNode[]; relationships: ApiRel[] };
    for (const n of p.nodes) nodes.set(n.id, n);
    for (const r of p.relationships) rels.set(r.id, r);
    return;
  }
  for (const x of Object.values(v)) collectElements(x, nodes, rels);
}
