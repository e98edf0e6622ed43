import type { WireNode } from '../src/server/protocol.ts';
import { HEALTH_COLORS } from './palette.ts';

/** What the graph shows of each node. */
export interface NodeView {
  readonly health: keyof typeof HEALTH_COLORS;
  /** Short text under the node's name, e.g. its gradient norm. */
  readonly detail: string;
}

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 132;
const NODE_H = 38;
const ROW_H = 58;
const COL_GAP = 16;

/**
 * Draws a run's graph top to bottom (input first, one row per depth), each node filled by the
 * health of its gradients; clicking a node selects its layer.
 */
export class GraphView {
  private key = '';
  private readonly boxes = new Map<
    string,
    { rect: SVGRectElement; detail: SVGTextElement; group: SVGGElement }
  >();

  constructor(
    private readonly host: HTMLElement,
    private readonly onSelect: (nodeId: string) => void,
  ) {}

  update(
    nodes: readonly WireNode[],
    view: (id: string) => NodeView,
    selected: string | undefined,
  ): void {
    const key = nodes.map((n) => `${n.id}<${n.inputs.join(',')}`).join(';');
    if (key !== this.key) this.build(nodes);
    this.key = key;
    for (const [id, box] of this.boxes) {
      const v = id === 'input' ? { health: 'none' as const, detail: '' } : view(id);
      box.rect.setAttribute('stroke', HEALTH_COLORS[v.health]);
      box.rect.setAttribute('fill', `${HEALTH_COLORS[v.health]}22`);
      box.detail.textContent = v.detail;
      box.group.classList.toggle('selected', id === selected);
      box.group.dataset.health = v.health;
    }
  }

  private build(nodes: readonly WireNode[]): void {
    this.host.replaceChildren();
    this.boxes.clear();
    if (nodes.length === 0) return;
    const rows = layoutRows(nodes);
    const widest = Math.max(...rows.map((r) => r.length));
    const width = widest * NODE_W + (widest - 1) * COL_GAP + 8;
    const height = rows.length * ROW_H;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', String(width));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'network graph');

    const centre = new Map<string, { x: number; y: number }>();
    rows.forEach((row, r) => {
      const rowWidth = row.length * NODE_W + (row.length - 1) * COL_GAP;
      row.forEach((id, c) =>
        centre.set(id, {
          x: (width - rowWidth) / 2 + c * (NODE_W + COL_GAP) + NODE_W / 2,
          y: r * ROW_H + NODE_H / 2 + 4,
        }),
      );
    });
    for (const node of nodes) {
      for (const input of node.inputs) svg.append(edge(centre.get(input), centre.get(node.id)));
    }
    const ops = new Map(nodes.map((n) => [n.id, n]));
    for (const [id, at] of centre) svg.append(this.box(id, ops.get(id), at));
    this.host.append(svg);
  }

  private box(id: string, node: WireNode | undefined, at: { x: number; y: number }): SVGGElement {
    const group = document.createElementNS(SVG, 'g');
    group.classList.add('graph-node');
    group.dataset.node = id;
    const rect = document.createElementNS(SVG, 'rect');
    Object.entries({
      x: at.x - NODE_W / 2,
      y: at.y - NODE_H / 2,
      width: NODE_W,
      height: NODE_H,
      rx: 6,
    }).forEach(([k, v]) => rect.setAttribute(k, String(v)));
    rect.setAttribute('stroke-width', '1.5');
    const title = text(at.x, at.y - 3, node ? `${id} · ${node.op}` : id, 'node-title');
    const detail = text(at.x, at.y + 12, '', 'node-detail');
    const tip = document.createElementNS(SVG, 'title');
    tip.textContent = node ? `${id} (${node.op}) → [${node.outputShape.join(', ')}]` : id;
    group.append(tip, rect, title, detail);
    if (id !== 'input') group.addEventListener('click', () => this.onSelect(id));
    this.boxes.set(id, { rect, detail, group });
    return group;
  }
}

/** Rows by longest path from the input, so every edge points down. */
function layoutRows(nodes: readonly WireNode[]): string[][] {
  const depth = new Map<string, number>([['input', 0]]);
  for (const node of nodes) {
    depth.set(node.id, 1 + Math.max(0, ...node.inputs.map((i) => depth.get(i) ?? 0)));
  }
  const rows: string[][] = [];
  for (const [id, d] of depth) (rows[d] ??= []).push(id);
  return rows.filter((r) => r !== undefined);
}

function edge(
  from: { x: number; y: number } | undefined,
  to: { x: number; y: number } | undefined,
): SVGPathElement {
  const path = document.createElementNS(SVG, 'path');
  if (from && to) {
    const y0 = from.y + NODE_H / 2;
    const y1 = to.y - NODE_H / 2;
    const mid = (y0 + y1) / 2;
    path.setAttribute('d', `M${from.x},${y0} C${from.x},${mid} ${to.x},${mid} ${to.x},${y1}`);
  }
  path.classList.add('graph-edge');
  return path;
}

function text(x: number, y: number, content: string, cls: string): SVGTextElement {
  const t = document.createElementNS(SVG, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('text-anchor', 'middle');
  t.classList.add(cls);
  t.textContent = content;
  return t;
}
