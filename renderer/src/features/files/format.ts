// Human formats for the Files room: durations, filament, sizes, dimensions, and "ours vs the slicer's" differences.

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

export function formatFilament(mm: readonly number[] | null | undefined): string {
  if (!mm || mm.length === 0) return '—';
  const total = mm.reduce((a, b) => a + b, 0);
  return total >= 1000 ? `${(total / 1000).toFixed(2)} m` : `${total.toFixed(0)} mm`;
}

export function formatGrams(g: readonly number[] | null | undefined): string {
  if (!g || g.length === 0) return '—';
  return `${g.reduce((a, b) => a + b, 0).toFixed(1)} g`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

type Box = { min: readonly number[]; max: readonly number[] } | null | undefined;

export function formatDimensions(bbox: Box): string {
  if (!bbox) return '—';
  const x = bbox.max[0] - bbox.min[0];
  const y = bbox.max[1] - bbox.min[1];
  const z = bbox.max[2];
  return `${x.toFixed(1)} × ${y.toFixed(1)} × ${z.toFixed(1)} mm`;
}

/** "+2.1 %" — ours relative to the slicer's figure; '' when either is missing. */
export function formatDifference(ours: number | null | undefined, slicer: number | null | undefined): string {
  if (ours === null || ours === undefined || slicer === null || slicer === undefined || slicer === 0) return '';
  const pct = ((ours - slicer) / slicer) * 100;
  if (Math.abs(pct) < 0.05) return '0.0 %';
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)} %`;
}

export function sum(values: readonly number[] | null | undefined): number | null {
  return values && values.length > 0 ? values.reduce((a, b) => a + b, 0) : null;
}
