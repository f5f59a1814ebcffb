// A query plan (EXPLAIN / PROFILE) drawn as a tree: one box per operator
// with its details, the planner's estimate, and for PROFILE the actual rows
// and time; inputs nest below their operator.
import type { PlanNode } from './api.js';
import { esc } from './values.js';

function fmt(n: number): string {
  return n >= 1000 ? n.toLocaleString('en') : String(Math.round(n * 100) / 100);
}

function nodeHtml(p: PlanNode): string {
  const profiled = p.actualRows !== undefined;
  const figures = [`est. ${fmt(p.estimatedRows)} rows`];
  if (profiled) figures.push(`<b>${fmt(p.actualRows!)} rows</b>`);
  if (p.timeMs !== undefined) figures.push(`${fmt(p.timeMs)} ms`);
  const children = p.children.length > 0 ? `<ul>${p.children.map((c) => `<li>${nodeHtml(c)}</li>`).join('')}</ul>` : '';
  return `<div class="plan-op"><div class="plan-name">${esc(p.operator)}</div>${p.details !== '' ? `<div class="plan-details">${esc(p.details)}</div>` : ''}<div class="plan-figures">${figures.join(' · ')}</div></div>${children}`;
}

export function renderPlan(target: HTMLElement, plan: PlanNode): void {
  target.innerHTML = `<ul class="plan-tree" data-testid="plan-tree"><li>${nodeHtml(plan)}</li></ul>`;
}
