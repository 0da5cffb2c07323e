// The investigator page: asks for an API key, lists the current run's rings (filters: minimum score, status),
// draws a chosen ring (accounts by role, identifiers by type, evidence on hover) and shows an account's risk and
// reasons on click. Everything it shows comes from our own API with the typed key; nothing loads from elsewhere.
import { ApiClient, ApiError, type RingGraph, type RingSummary } from './api-client.js';
import { HUB_COLOR, roleColor, SHARED_EDGE_COLOR, SYNC_EDGE_COLOR, typeColor } from '../../lib/ring-colors.js';
import { accountNode, buildGraph } from './graph-model.js';
import { RingView } from './ring-view.js';

const KEY_STORAGE = 'ringscan.apiKey';
const GRAPH_LIMIT = 3000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

interface State {
  api: ApiClient | null;
  view: RingView | null;
  cursor: string | null;
  ring: string | null;
}

const state: State = { api: null, view: null, cursor: null, ring: null };

function showStatus(text: string, isError = false): void {
  const status = $('status');
  status.textContent = text;
  status.className = isError ? 'status error' : 'status';
}

function explain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'The API refused this key. Check it (ringscan keys create, or the demo key `ringscan serve` printed).';
    if (error.status === 403) return 'This key lacks the investigate scope.';
    return `${error.status}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function filters(): { minScore?: number; status?: string } {
  const minScore = Number.parseFloat(($('min-score') as HTMLInputElement).value);
  const status = ($('status-filter') as HTMLSelectElement).value;
  return { ...(Number.isFinite(minScore) ? { minScore: Math.min(1, Math.max(0, minScore)) } : {}), ...(status ? { status } : {}) };
}

async function loadRings(append: boolean): Promise<void> {
  if (!state.api) return;
  const body = $('ring-rows');
  if (!append) {
    body.replaceChildren();
    state.cursor = null;
  }
  showStatus('loading rings…');
  try {
    const page = await state.api.rings({ ...filters(), ...(append && state.cursor ? { cursor: state.cursor } : {}) });
    for (const ring of page.items) body.append(ringRow(ring));
    state.cursor = page.nextCursor;
    $('more-rings').hidden = page.nextCursor === null;
    $('run-id').textContent = `run ${page.run}`;
    const count = body.children.length;
    showStatus(count === 0 ? 'No ring matches these filters.' : `${count} ring${count === 1 ? '' : 's'} shown${page.nextCursor ? ' (more available)' : ''}`);
  } catch (error) {
    showStatus(explain(error), true);
  }
}

function ringRow(ring: RingSummary): HTMLTableRowElement {
  const row = el('tr');
  row.dataset.ring = ring.id;
  row.tabIndex = 0;
  const id = el('td', ring.id, 'mono');
  const score = el('td', ring.score.toFixed(2), 'num');
  const size = el('td', String(ring.size), 'num');
  const status = el('td', ring.status);
  const flag = el('td', ring.flagged ? 'flagged' : '', ring.flagged ? 'flag' : '');
  row.append(id, score, size, status, flag);
  const open = () => void openRing(ring.id);
  row.addEventListener('click', open);
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') open();
  });
  return row;
}

async function openRing(id: string): Promise<void> {
  if (!state.api) return;
  state.ring = id;
  for (const row of $('ring-rows').querySelectorAll('tr')) row.classList.toggle('selected', (row as HTMLElement).dataset.ring === id);
  history.replaceState(null, '', `#ring=${encodeURIComponent(id)}`);
  const container = $('graph');
  container.dataset.state = 'loading';
  state.view?.kill();
  state.view = null;
  $('account-panel').hidden = true;
  $('ring-title').textContent = `Ring ${id}`;
  $('ring-reasons').replaceChildren();
  $('graph-note').textContent = 'loading…';
  try {
    const detail = await state.api.ring(id);
    const r = detail.ring;
    $('ring-title').textContent = `Ring ${r.id}`;
    $('ring-facts').textContent = `score ${r.score.toFixed(2)} · ${r.size} accounts · ${r.status}${r.flagged ? ' · flagged' : ''} · seen in ${detail.history.length} run${detail.history.length === 1 ? '' : 's'}`;
    $('ring-reasons').replaceChildren(...r.reasons.filter((reason) => reason.weight > 0).map((reason) => el('li', reason.text)));
    if (!r.flagged) {
      $('graph-note').textContent = 'This ring is not flagged, so no evidence graph was kept.';
      container.dataset.state = 'empty';
      return;
    }
    const answer = await state.api.graph(id, GRAPH_LIMIT);
    if (state.ring !== id) return;
    draw(answer);
  } catch (error) {
    $('graph-note').textContent = explain(error);
    container.dataset.state = 'error';
  }
}

function draw(answer: RingGraph): void {
  const container = $('graph');
  // Texts around the drawing first: they change the container's size, which sigma would otherwise follow later.
  const t = answer.totals;
  $('graph-note').textContent = answer.truncated
    ? `Showing the strongest ${answer.edges.length + answer.uses.length} of ${t.edges + t.uses} links (${answer.accounts.length} of ${t.accounts} accounts, ${answer.entities.length} of ${t.entities} identifiers).`
    : `${answer.accounts.length} accounts, ${answer.entities.length} shared identifiers, ${answer.edges.length} evidence edges. Hover for evidence, click an account for its reasons.`;
  drawLegend(answer);
  drawAccountList(answer);
  const graph = buildGraph(answer);
  state.view = new RingView(graph, container, {
    onHover(text, at) {
      const tip = $('tooltip');
      if (text === null || at === null) {
        tip.hidden = true;
        return;
      }
      tip.textContent = text;
      tip.hidden = false;
      tip.style.left = `${Math.min(at.x + 14, container.clientWidth - 260)}px`;
      tip.style.top = `${at.y + 14}px`;
    },
    onAccountClick: (account) => void showAccount(account),
  });
  container.dataset.nodes = String(graph.order);
  container.dataset.edges = String(graph.size);
  // Ready once sigma has drawn a frame at the final size.
  requestAnimationFrame(() => requestAnimationFrame(() => (container.dataset.state = 'ready')));
}

function swatch(color: string, text: string, shape: 'dot' | 'line' = 'dot'): HTMLElement {
  const item = el('span', undefined, 'legend-item');
  const mark = el('span', undefined, shape === 'dot' ? 'swatch' : 'swatch line');
  mark.style.background = color;
  item.append(mark, document.createTextNode(text));
  return item;
}

function drawLegend(answer: RingGraph): void {
  const roles = [...new Set(answer.members.map((m) => m.role ?? 'member'))];
  const types = [...new Set(answer.entities.filter((e) => !e.isHub).map((e) => e.type))].sort();
  const items = [
    ...roles.map((role) => swatch(roleColor(role), role)),
    ...types.map((type) => swatch(typeColor(type), type)),
    ...(answer.entities.some((e) => e.isHub) ? [swatch(HUB_COLOR, 'hub (context only)')] : []),
    swatch(SHARED_EDGE_COLOR, 'shared identifiers', 'line'),
    ...(answer.edges.some((e) => e.syncTargets > 0) ? [swatch(SYNC_EDGE_COLOR, 'acted together', 'line')] : []),
  ];
  $('legend').replaceChildren(...items);
}

function drawAccountList(answer: RingGraph): void {
  const rows = [...answer.members].sort((a, b) => b.risk - a.risk || (a.account < b.account ? -1 : 1)).slice(0, 200);
  $('account-rows').replaceChildren(
    ...rows.map((m) => {
      const row = el('tr');
      row.tabIndex = 0;
      row.dataset.account = m.account;
      row.append(el('td', m.account, 'mono'), el('td', m.role ?? '', ''), el('td', m.risk.toFixed(3), 'num'));
      const open = () => {
        state.view?.select(m.account);
        void showAccount(m.account);
      };
      row.addEventListener('click', open);
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') open();
      });
      return row;
    }),
  );
}

async function showAccount(id: string): Promise<void> {
  if (!state.api) return;
  const panel = $('account-panel');
  panel.hidden = false;
  $('account-title').textContent = `Account ${id}`;
  $('account-facts').textContent = 'loading…';
  $('account-reasons').replaceChildren();
  try {
    const account = await state.api.account(id);
    $('account-facts').textContent = `risk ${account.risk.toFixed(3)} · ${account.role ?? 'no role'} · ${account.flagged ? 'flagged' : 'not flagged'}${account.ring ? ` · ring ${account.ring}` : ''}`;
    $('account-reasons').replaceChildren(...account.reasons.map((reason) => el('li', reason)));
    panel.dataset.account = account.account;
  } catch (error) {
    $('account-facts').textContent = explain(error);
  }
}

function useKey(key: string): void {
  state.api = new ApiClient(key);
  sessionStorage.setItem(KEY_STORAGE, key);
  $('key-form').classList.add('has-key');
  void loadRings(false).then(() => {
    const wanted = new URLSearchParams(location.hash.slice(1)).get('ring');
    if (wanted) void openRing(wanted);
  });
}

function start(): void {
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = ($('api-key') as HTMLInputElement).value.trim();
    if (key) useKey(key);
  });
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadRings(false);
  });
  $('more-rings').addEventListener('click', () => void loadRings(true));
  $('close-account').addEventListener('click', () => {
    $('account-panel').hidden = true;
    state.view?.select(null);
  });
  // For automation and assistive tools: where an account is drawn, in pixels inside #graph.
  (window as unknown as { ringscan: unknown }).ringscan = { positionOf: (account: string) => state.view?.positionOf(accountNode(account)) ?? null };
  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) {
    ($('api-key') as HTMLInputElement).value = saved;
    useKey(saved);
  } else {
    showStatus('Enter an API key to see the rings.');
  }
}

start();
