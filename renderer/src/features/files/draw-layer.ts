// Draws one layer's toolpaths on a 2D canvas, fitted to the file's footprint (G-code Y points up, the canvas's down).
import type { LayerGeometry } from '../../../../electron/shared/contract/gcode-analysis.js';

export interface View {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Colours per tool (extruder); travel moves are drawn thin and dim. */
const TOOL_COLOURS = ['#4aa3ff', '#f0883e', '#3fb950', '#d2a8ff', '#f85149', '#e3b341'];

export function drawLayer(canvas: HTMLCanvasElement, layer: LayerGeometry | undefined, view: View, previous?: LayerGeometry): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const ratio = window.devicePixelRatio || 1;
  const cssWidth = canvas.clientWidth || 480;
  const cssHeight = canvas.clientHeight || 480;
  if (canvas.width !== Math.round(cssWidth * ratio) || canvas.height !== Math.round(cssHeight * ratio)) {
    canvas.width = Math.round(cssWidth * ratio);
    canvas.height = Math.round(cssHeight * ratio);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const spanX = Math.max(1, view.maxX - view.minX);
  const spanY = Math.max(1, view.maxY - view.minY);
  const pad = 12 * ratio;
  const scale = Math.min((canvas.width - 2 * pad) / spanX, (canvas.height - 2 * pad) / spanY);
  const offX = (canvas.width - spanX * scale) / 2;
  const offY = (canvas.height - spanY * scale) / 2;
  const toX = (x: number) => offX + (x - view.minX) * scale;
  const toY = (y: number) => canvas.height - offY - (y - view.minY) * scale;

  const stroke = (geometry: LayerGeometry, kind: 'extrude' | 'travel', style: (tool: number) => string, width: number, dash: number[]) => {
    ctx.lineWidth = width * ratio;
    ctx.setLineDash(dash.map((d) => d * ratio));
    for (const path of geometry.paths) {
      if (path.kind !== kind || path.points.length < 4) continue;
      ctx.strokeStyle = style(path.tool);
      ctx.beginPath();
      ctx.moveTo(toX(path.points[0]), toY(path.points[1]));
      for (let i = 2; i + 1 < path.points.length; i += 2) ctx.lineTo(toX(path.points[i]), toY(path.points[i + 1]));
      ctx.stroke();
    }
  };

  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  if (previous) stroke(previous, 'extrude', () => 'rgba(154,168,181,0.18)', 1, []);
  if (!layer) return;
  stroke(layer, 'travel', () => 'rgba(154,168,181,0.55)', 0.75, [3, 3]);
  stroke(layer, 'extrude', (tool) => TOOL_COLOURS[tool % TOOL_COLOURS.length], Math.max(1, Math.min(3, 0.45 * scale / ratio)), []);
}

/** Extent of a layer's extrusions (travel excluded), or null when it has none. */
export function extrusionExtent(layer: LayerGeometry | undefined): View | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const path of layer?.paths ?? []) {
    if (path.kind !== 'extrude') continue;
    for (let i = 0; i + 1 < path.points.length; i += 2) {
      const x = path.points[i];
      const y = path.points[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return Number.isFinite(minX) ? { minX, minY, maxX, maxY } : null;
}

export function unionViews(...views: Array<View | null>): View | null {
  const present = views.filter((v): v is View => v !== null);
  if (present.length === 0) return null;
  return {
    minX: Math.min(...present.map((v) => v.minX)),
    minY: Math.min(...present.map((v) => v.minY)),
    maxX: Math.max(...present.map((v) => v.maxX)),
    maxY: Math.max(...present.map((v) => v.maxY)),
  };
}

export function countPaths(layer: LayerGeometry | undefined): { extrude: number; travel: number } {
  let extrude = 0;
  let travel = 0;
  for (const p of layer?.paths ?? []) {
    if (p.kind === 'extrude') extrude++;
    else travel++;
  }
  return { extrude, travel };
}
