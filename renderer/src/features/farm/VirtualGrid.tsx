// A small windowing grid: fixed row height, as many columns as fit; only rows in view (plus overscan) are mounted.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface VirtualGridProps<T> {
  items: readonly T[];
  getKey(item: T): string;
  renderItem(item: T): ReactNode;
  rowHeight: number;
  minColumnWidth: number;
  gap?: number;
  overscanRows?: number;
  label: string;
}

export function VirtualGrid<T>({ items, getKey, renderItem, rowHeight, minColumnWidth, gap = 12, overscanRows = 2, label }: VirtualGridProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // One state update per animation frame, however many scroll events arrive.
  const onScroll = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (scroller.current) setScrollTop(scroller.current.scrollTop);
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const columns = Math.max(1, Math.floor((size.width + gap) / (minColumnWidth + gap)));
  const rows = Math.ceil(items.length / columns);
  const stride = rowHeight + gap;
  const firstRow = Math.max(0, Math.floor(scrollTop / stride) - overscanRows);
  const lastRow = Math.min(rows - 1, Math.ceil((scrollTop + (size.height || 800)) / stride) + overscanRows);
  const columnWidth = columns > 0 ? (size.width - gap * (columns - 1)) / columns : minColumnWidth;

  const cells: ReactNode[] = [];
  for (let row = firstRow; row <= lastRow; row++) {
    for (let col = 0; col < columns; col++) {
      const index = row * columns + col;
      if (index >= items.length) break;
      const item = items[index];
      cells.push(
        <div
          key={getKey(item)}
          role="listitem"
          style={{ position: 'absolute', top: 0, left: 0, width: columnWidth, height: rowHeight, transform: `translate(${col * (columnWidth + gap)}px, ${row * stride}px)` }}
        >
          {renderItem(item)}
        </div>,
      );
    }
  }

  return (
    <div ref={scroller} className="vgrid" onScroll={onScroll} style={{ overflowY: 'auto', position: 'relative', flex: 1, minHeight: 0 }}>
      <div role="list" aria-label={label} aria-rowcount={rows} style={{ position: 'relative', height: Math.max(0, rows * stride - gap) }}>
        {cells}
      </div>
    </div>
  );
}
