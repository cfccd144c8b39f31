// Parsed full analyses (layer table, thumbnails) for the few files being looked at, and the thumbnail choice.
import type { GcodeAnalysis, Thumbnail } from '../../../shared/contract/gcode-analysis.js';
import type { FileRow, FilesRepo } from '../../store/files-repo.js';

/** The layer viewer asks for one layer per slider step: keep the parsed JSON of the last few files, not all. */
const CACHED_ANALYSES = 4;

export class FullAnalysisCache {
  private readonly entries = new Map<string, GcodeAnalysis>();

  constructor(private readonly repo: FilesRepo) {}

  /** The stored analysis of a finished file, or null while pending/failed. */
  get(row: FileRow): GcodeAnalysis | null {
    if (row.blob.analysisStatus !== 'done') return null;
    const cached = this.entries.get(row.sha256);
    if (cached) {
      // Refresh LRU order.
      this.entries.delete(row.sha256);
      this.entries.set(row.sha256, cached);
      return cached;
    }
    const json = this.repo.analysisJson(row.sha256);
    if (!json) return null;
    const parsed = JSON.parse(json) as GcodeAnalysis;
    this.entries.set(row.sha256, parsed);
    if (this.entries.size > CACHED_ANALYSES) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }

  forget(sha256: string): void {
    this.entries.delete(sha256);
  }
}

/** The largest thumbnail, or the largest not wider than maxWidth (else the smallest there is). */
export function pickThumbnail(thumbnails: readonly Thumbnail[], maxWidth?: number): Thumbnail | null {
  if (thumbnails.length === 0) return null;
  const bySize = [...thumbnails].sort((a, b) => a.width * a.height - b.width * b.height);
  if (maxWidth === undefined) return bySize[bySize.length - 1];
  const fitting = bySize.filter((t) => t.width <= maxWidth);
  return fitting.length > 0 ? fitting[fitting.length - 1] : bySize[0];
}
