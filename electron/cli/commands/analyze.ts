// `printfarm analyze <files…> [--json]`: our streaming analysis of each G-code file beside the slicer's own figures.
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { analyzeGcodeFile } from '../../engine/files/analyze.js';
import { FarmError } from '../../shared/contract/envelope.js';
import type { GcodeAnalysis } from '../../shared/contract/gcode-analysis.js';
import { UsageError, type CliCommand } from '../command.js';

export const analyze: CliCommand = {
  name: 'analyze',
  summary: 'Analyze G-code files: print time, filament, layers, size — ours beside the slicer\'s',
  usage: `Usage: printfarm analyze <file.gcode…> [--json] [--full]

  Streams each file once: kinematic print-time estimate (acceleration, jerk, look-ahead, the file's
  M201/M203/M204/M205 limits), filament per extruder, layers, tool changes, extrusion bounding box,
  and the slicer's own header/footer figures (estimate, filament, thumbnails, object labels).

  --json   One JSON document: [{ file, ok, analysis | error }] (thumbnail data and the layer index omitted).
  --full   With --json: include thumbnails (base64) and the per-layer byte-offset index.

Exit code 0 when every file was analyzed, 1 when any failed.`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean', default: false }, full: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) throw new UsageError('Name at least one G-code file.');
    const results: ({ file: string; ok: true; analysis: GcodeAnalysis } | { file: string; ok: false; error: { code: string; message: string } })[] = [];
    for (const file of positionals) {
      try {
        results.push({ file, ok: true, analysis: await analyzeGcodeFile(file) });
      } catch (error) {
        const code = error instanceof FarmError ? error.code : 'internal';
        results.push({ file, ok: false, error: { code, message: error instanceof Error ? error.message : String(error) } });
      }
    }
    if (values.json) {
      const out = values.full ? results : results.map((r) => (r.ok ? { ...r, analysis: slim(r.analysis) } : r));
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    } else {
      for (const r of results) process.stdout.write(r.ok ? describe(r.file, r.analysis) : `${r.file}\n  error (${r.error.code}): ${r.error.message}\n\n`);
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};

/** The JSON without bulky parts: thumbnails keep their size but not their data; layers keep count only. */
function slim(a: GcodeAnalysis): unknown {
  return {
    ...a,
    slicer: { ...a.slicer, thumbnails: a.slicer.thumbnails.map(({ base64, ...t }) => ({ ...t, bytes: Math.floor((base64.length * 3) / 4) })) },
    analysis: { ...a.analysis, layers: undefined, layerHeights: summarizeHeights(a) },
  };
}

function summarizeHeights(a: GcodeAnalysis): { first: number; min: number; max: number } | null {
  const layers = a.analysis.layers;
  if (layers.length === 0) return null;
  const heights = layers.map((l) => l.height).filter((h) => h > 0);
  return { first: layers[0].height, min: Math.min(...heights), max: Math.max(...heights) };
}

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d ? `${d}d` : '', d || h ? `${h}h` : '', `${m}m`, `${s % 60}s`].filter(Boolean);
  return parts.join(' ');
}

function pct(ours: number, theirs: number | undefined): string {
  if (theirs === undefined || theirs === 0) return '';
  const d = (ours / theirs - 1) * 100;
  return ` (${d >= 0 ? '+' : ''}${d.toFixed(1)}%)`;
}

function describe(file: string, r: GcodeAnalysis): string {
  const a = r.analysis;
  const s = r.slicer;
  const rows: [string, string, string][] = [];
  rows.push(['print time', formatDuration(a.estimatedSeconds) + pct(a.estimatedSeconds, s.estimatedSeconds), formatDuration(s.estimatedSeconds)]);
  if (s.estimatedSecondsSilent !== undefined) rows.push(['  silent mode', '', formatDuration(s.estimatedSecondsSilent)]);
  if ((a.firmwareRetractSeconds ?? 0) > 0) rows.push(['fw retraction', `+${formatDuration(a.firmwareRetractSeconds)} (G10/G11, not in print time, as in slicers)`, '']);
  rows.push(['heat-up waits', `${a.heatWaits} (≈${formatDuration(a.heatUpSeconds)}, not in print time)`, '']);
  const fil = a.filamentMm.map((mm, i) => `T${i} ${(mm / 1000).toFixed(2)} m${pct(mm, s.filamentMm?.[i])}`).join(', ');
  rows.push(['filament', fil || '—', s.filamentMm?.map((mm, i) => `T${i} ${(mm / 1000).toFixed(2)} m`).join(', ') ?? '—']);
  if (s.filamentG) rows.push(['  weight / cost', '', `${s.filamentG.join(' + ')} g${s.filamentCost ? ` / ${s.filamentCost.join(' + ')}` : ''}`]);
  rows.push(['layers', `${a.layerCount} (${a.layerSource})`, s.layerCount !== undefined ? String(s.layerCount) : '—']);
  rows.push(['tool changes', String(a.toolChanges), '']);
  const box = a.bbox;
  rows.push(['print size', a.printBbox ? fmtBox(a.printBbox.min, a.printBbox.max) : '—', s.bbox ? fmtBox(s.bbox.min, s.bbox.max) : '—']);
  rows.push(['extrusion box', box ? `${fmtBox(box.min, box.max)} (incl. purge lines)` : '—', '']);
  rows.push(['limits', `${a.limits.source}: accel ${a.limits.maxAccel}, jerk ${a.limits.jerk.join('/')} (${a.limits.junctionModel})`, '']);
  const meta = [
    s.filamentType ? `filament ${s.filamentType.join(',')}` : '',
    s.nozzleDiameter ? `nozzle ${s.nozzleDiameter.join(',')} mm` : '',
    s.layerHeight ? `layer ${s.layerHeight} mm` : '',
    s.nozzleTemperature ? `${s.nozzleTemperature.join(',')} °C` : '',
    s.bedTemperature !== undefined ? `bed ${s.bedTemperature} °C` : '',
    s.printerModel ? `printer ${s.printerModel}` : '',
  ].filter(Boolean);
  const width = Math.max(...rows.map((row) => row[1].length), 10);
  const lines = [
    `${basename(file)}  —  ${s.slicer}${s.slicerVersion ? ' ' + s.slicerVersion : ''}, ${s.flavor}, ${(a.bytes / 1e6).toFixed(2)} MB, ${a.lineCount} lines, ${r.elapsedMs} ms`,
    `  ${''.padEnd(14)} ${'ours'.padEnd(width)}  slicer`,
    ...rows.map(([k, ours, theirs]) => `  ${k.padEnd(14)} ${ours.padEnd(width)}  ${theirs}`),
  ];
  if (meta.length) lines.push(`  ${'slicer says'.padEnd(14)} ${meta.join(', ')}`);
  if (s.objects.length) lines.push(`  ${'objects'.padEnd(14)} ${s.objects.map((o) => o.name).join(', ')}`);
  if (s.thumbnails.length) lines.push(`  ${'thumbnails'.padEnd(14)} ${s.thumbnails.map((t) => `${t.width}x${t.height} ${t.sourceFormat}`).join(', ')}`);
  for (const w of a.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n') + '\n\n';
}

/** Width × depth × height; the height is the top Z (the first layer sits on the bed, not at its nozzle height). */
function fmtBox(min: readonly number[], max: readonly number[]): string {
  return `${(max[0] - min[0]).toFixed(1)} × ${(max[1] - min[1]).toFixed(1)} × ${max[2].toFixed(1)} mm`;
}
