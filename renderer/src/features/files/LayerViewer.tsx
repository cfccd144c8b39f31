// Layer viewer: one layer's toolpaths on a 2D canvas, a slider over the layers, and travel moves on demand.
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useFarmQuery } from '../../lib/farm-hooks.js';
import { countPaths, drawLayer, extrusionExtent, unionViews, type View } from './draw-layer.js';

export interface LayerViewerProps {
  fileId: string;
  fileName: string;
  layerZ: number[];
  bbox: { min: readonly number[]; max: readonly number[] } | null;
}

export function LayerViewer({ fileId, fileName, layerZ, bbox }: LayerViewerProps) {
  const [index, setIndex] = useState(0);
  const [travel, setTravel] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const count = layerZ.length;
  const safeIndex = Math.min(index, Math.max(0, count - 1));
  const layer = useFarmQuery('files.layer', { id: fileId, layer: safeIndex, travel }, { enabled: count > 0, placeholderData: keepPreviousData, staleTime: Infinity });
  const below = useFarmQuery('files.layer', { id: fileId, layer: Math.max(0, safeIndex - 1), travel: false }, { enabled: count > 0 && safeIndex > 0, staleTime: Infinity });

  // Frame the printed object (printBbox: no purge lines), widened by the current layer when it reaches further
  // (the first layer's purge line), so a part does not shrink into a corner of the bed.
  const base: View | null = bbox ? { minX: bbox.min[0], minY: bbox.min[1], maxX: bbox.max[0], maxY: bbox.max[1] } : null;
  const framed = unionViews(base, extrusionExtent(layer.data)) ?? { minX: 0, minY: 0, maxX: 220, maxY: 220 };
  const margin = Math.max(2, 0.05 * Math.max(framed.maxX - framed.minX, framed.maxY - framed.minY));
  const view: View = { minX: framed.minX - margin, minY: framed.minY - margin, maxX: framed.maxX + margin, maxY: framed.maxY + margin };

  useEffect(() => {
    if (canvas.current) drawLayer(canvas.current, layer.data, view, safeIndex > 0 ? below.data : undefined);
    // `view` is a fresh object each render; its numbers are the dependency.
  }, [layer.data, below.data, view.minX, view.minY, view.maxX, view.maxY, safeIndex]);

  if (count === 0) return <p className="muted">The layer view appears once the file is analysed.</p>;
  const z = layerZ[safeIndex];
  const paths = countPaths(layer.data);
  const valueText = `Layer ${safeIndex + 1} of ${count}, Z ${z.toFixed(2)} mm`;
  return (
    <section className="layers" aria-label={`Layers of ${fileName}`}>
      <canvas
        ref={canvas}
        className="layers__canvas"
        role="img"
        aria-label={`${valueText}: ${paths.extrude} extrusion paths${travel ? `, ${paths.travel} travel moves` : ''}`}
      />
      <div className="layers__controls">
        <button type="button" aria-label="Previous layer" disabled={safeIndex === 0} onClick={() => setIndex(safeIndex - 1)}>
          ◀
        </button>
        <input
          type="range"
          min={0}
          max={count - 1}
          step={1}
          value={safeIndex}
          aria-label="Layer"
          aria-valuetext={valueText}
          onChange={(e) => setIndex(Number(e.target.value))}
        />
        <button type="button" aria-label="Next layer" disabled={safeIndex >= count - 1} onClick={() => setIndex(safeIndex + 1)}>
          ▶
        </button>
        <output aria-live="polite" className="layers__label">{valueText}</output>
        <label className="layers__travel">
          <input type="checkbox" checked={travel} onChange={(e) => setTravel(e.target.checked)} /> Show travel moves
        </label>
      </div>
      {layer.isError && <p role="alert">This layer could not be read: {layer.error.message}</p>}
    </section>
  );
}
