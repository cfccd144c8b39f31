// Streams a G-code file once through the interpreter, planner and metadata readers, producing GcodeAnalysis.
import { open, type FileHandle } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { AnalysisProfile, GcodeAnalysis } from '../../../shared/contract/gcode-analysis.js';
import { FarmError } from '../../../shared/contract/envelope.js';
import { scanLines, type LineSink } from './line-scanner.js';
import { MetadataCollector } from './metadata.js';
import { applyConfigLimits, applyProfile, defaultLimits } from './limits.js';
import { Planner } from './planner.js';
import { Interpreter, klipperJunctionDeviation } from './interpreter.js';
import { sniffContent } from './sniff.js';

export interface AnalyzeFileOptions {
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
  profile?: AnalysisProfile;
}

/** PrusaSlicer-family files keep their config (incl. machine limits) in a footer; read it before the main pass. */
const CONFIG_PEEK_BYTES = 256 * 1024;

export async function analyzeFileInProcess(path: string, options: AnalyzeFileOptions = {}): Promise<GcodeAnalysis> {
  const started = performance.now();
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FarmError('not-found', `G-code file not found: ${path}`);
    if (code === 'EISDIR') throw new FarmError('invalid-input', `Not a file: ${path}`);
    throw new FarmError('internal', `Cannot open ${path}: ${(error as Error).message}`);
  }
  try {
    const stat = await fh.stat();
    if (!stat.isFile()) throw new FarmError('invalid-input', `Not a regular file: ${path}`);
    const size = stat.size;
    if (size === 0) throw new FarmError('invalid-input', 'The file is empty (0 bytes); nothing to analyze.');
    await sniffContent(fh, size);

    // Peek at the config in the head (Cura/Bambu) and tail (PrusaSlicer/Orca) for flavour and machine limits.
    const peek = new MetadataCollector();
    const peekSink = commentSink(peek);
    await scanLines(fh, peekSink, { to: Math.min(size, 64 * 1024), signal: options.signal });
    if (size > 64 * 1024) await scanLines(fh, peekSink, { from: Math.max(64 * 1024, size - CONFIG_PEEK_BYTES), signal: options.signal });
    const flavor = peek.flavor();
    const limits = defaultLimits();
    applyConfigLimits(limits, peek.config, flavor);
    // Cura files without limits: Cura's estimator (and the Marlin 1.0 it models) uses one combined XY jerk.
    if (peek.slicer === 'cura') limits.junctionModel = 'jerk-xy';
    // Klipper corners by square_corner_velocity (default 5 mm/s), i.e. junction deviation = scv²(√2−1)/accel.
    if (flavor === 'klipper') {
      limits.junctionModel = 'junction-deviation';
      limits.junctionDeviation = klipperJunctionDeviation(5, limits.maxAccelExtruding || 3000);
    }
    applyProfile(limits, options.profile);
    const planner = new Planner(limits);
    const firstNumber = (key: string, fallback: number) => {
      const n = Number.parseFloat((peek.config.get(key) ?? '').split(',')[0]);
      return Number.isFinite(n) ? n : fallback;
    };
    const interp = new Interpreter(planner, {
      flavor,
      toolChangeSeconds: firstNumber('filament_load_time', 0) + firstNumber('filament_unload_time', 0),
      retractLength: firstNumber('retract_length', 1),
      retractSpeed: firstNumber('retract_speed', 35),
    });

    let lastReported = -1;
    const scan = await scanLines(fh, interp, {
      signal: options.signal,
      rejectBinary: true,
      onChunk: (done) => {
        if (!options.onProgress) return;
        const fraction = Math.min(1, done / size);
        if (fraction - lastReported >= 0.01 || fraction === 1) {
          lastReported = fraction;
          options.onProgress(fraction);
        }
      },
    });
    planner.synchronize(0);
    if (interp.moves === 0 && interp.layers.markers.length === 0 && interp.meta.slicer === 'unknown') {
      throw new FarmError('invalid-input', 'No G-code moves found: this does not look like a G-code file.');
    }

    const meta = interp.meta;
    const thumbnails = interp.thumbs.finish();
    const slicer = meta.build(thumbnails);
    const totalSeconds = planner.time;
    const { layers, source, unindexed } = interp.layers.finish(size, totalSeconds);
    const warnings = [...interp.warnings, ...interp.thumbs.warnings];
    if (unindexed > 0) warnings.push(`${unindexed} layers beyond the first ${layers.length} were counted but not indexed for the viewer`);
    if (meta.objectsDropped > 0) warnings.push(`${meta.objectsDropped} object labels beyond the first ${meta.objects.size} were ignored`);
    if (scan.longLines > 0) warnings.push(`${scan.longLines} line(s) longer than 64 KiB were cut`);
    const footerExpected = ['prusaslicer', 'superslicer', 'orcaslicer'].includes(slicer.slicer);
    const footerMissing = footerExpected && slicer.estimatedSeconds === undefined && !meta.config.has('gcode_flavor');
    const truncated = scan.unterminatedLastLine || footerMissing;
    if (truncated) warnings.push('the file looks cut short (no final newline or missing slicer footer)');
    const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
    const box = (min: number[], max: number[]) =>
      Number.isFinite(min[0])
        ? { min: [round(min[0]), round(min[1]), round(min[2])] as [number, number, number], max: [round(max[0]), round(max[1]), round(max[2])] as [number, number, number] }
        : null;
    const useRoles = interp.sawRoles;
    return {
      version: 3,
      slicer,
      analysis: {
        bbox: box(interp.min, interp.max),
        printBbox: useRoles ? box(interp.printMin, interp.printMax) : box(interp.min, interp.max),
        layerCount: layers.length + unindexed,
        layerSource: source,
        layers,
        toolChanges: interp.toolChanges,
        tools: [...interp.toolsUsed.keys()].filter((t) => interp.toolsUsed[t] === 1),
        filamentMm: [...(useRoles ? interp.filament : interp.filamentAll).subarray(0, interp.toolSlots)].map((v) => round(v, 2)),
        estimatedSeconds: round(totalSeconds, 1),
        dwellSeconds: round(interp.dwellSeconds, 1),
        firmwareRetractSeconds: round(interp.firmwareRetractSeconds, 1),
        heatWaits: interp.heat.waits,
        heatUpSeconds: round(interp.heat.seconds, 0),
        lineCount: scan.lines,
        bytes: size,
        moveCount: interp.moves,
        limits: {
          source: limits.source,
          maxAccel: limits.maxAccelExtruding > 0 ? limits.maxAccelExtruding : planner.acceleration,
          maxFeedrate: [...limits.maxFeedrate] as [number, number, number, number],
          jerk: [...limits.jerk] as [number, number, number, number],
          junctionDeviation: limits.junctionDeviation,
          junctionModel: limits.junctionModel,
        },
        truncated,
        warnings,
      },
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    await fh.close();
  }
}

/** Feeds only comment lines to a metadata collector (for the config peek). */
function commentSink(meta: MetadataCollector): LineSink {
  return {
    line(buf, start, end) {
      if (buf[start] !== 59 || end - start > 8192) return;
      const text = buf.toString('latin1', start, end).trimEnd();
      if (text.startsWith('; ')) meta.spaced(text);
      else meta.compact(text);
    },
  };
}
