// The dashboard's entry point: three pages (overview, query console, graph
// explorer) switched by the URL's hash (#/overview, #/console,
// #/explorer?...), the write token kept in the browser, and the pages
// wired together ("Open in explorer", schema refresh after writes).
import './styles.css';
import { getJson, getToken, setToken, type StatsAnswer } from './api.js';
import { ConsolePage } from './console.js';
import { ExplorerPage, stateFromQuery } from './explorer.js';
import { OverviewPage } from './overview.js';

type Tab = 'overview' | 'console' | 'explorer';

const overview = new OverviewPage(document.getElementById('overview')!);
const consolePage = new ConsolePage(document.getElementById('console')!);
const explorer = new ExplorerPage(document.getElementById('explorer')!);
let restoredHash = '';

consolePage.onWrite = () => overview.invalidateSchema();
consolePage.onOpenInExplorer = (cypher) => {
  location.hash = '#/explorer';
  void explorer.load({ mode: 'query', value: cypher, limit: 500, expansions: [], hiddenLabels: [], hiddenTypes: [] });
};

function route(): void {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, query] = hash.split('?', 2) as [string, string | undefined];
  const tab: Tab = name === 'console' || name === 'explorer' ? name : 'overview';
  for (const id of ['overview', 'console', 'explorer'] as const) (document.getElementById(id) as HTMLElement).hidden = id !== tab;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) a.classList.toggle('active', a.dataset.tab === tab);
  if (tab === 'overview') overview.start();
  else overview.stop();
  if (tab === 'explorer') {
    explorer.canvas.resize();
    if (query !== undefined && query !== restoredHash) {
      restoredHash = query;
      const state = stateFromQuery(query);
      if (state !== null) void explorer.restore(state);
    }
  }
}

const tokenInput = document.getElementById('token') as HTMLInputElement;
tokenInput.value = getToken();
tokenInput.addEventListener('change', () => setToken(tokenInput.value.trim()));

window.addEventListener('hashchange', route);
void getJson<StatsAnswer>('/api/stats').then((s) => {
  document.getElementById('db-path')!.textContent = `${s.server.path}${s.server.readOnly ? ' · read-only' : ''}`;
  if (s.server.readOnly) (tokenInput.parentElement as HTMLElement).hidden = true;
});
void explorer.loadSchema();
route();

// For the browser tests and the curious: the pages behind the UI.
(window as unknown as { sombra: unknown }).sombra = { overview, console: consolePage, explorer };
