// Turns repository rows and analyzer results into the contract's FileEntry / AnalysisSummary shapes.
import type { AnalysisSummary, FileAnalysisState, FileEntry } from '../../../shared/contract/files.js';
import type { GcodeAnalysis } from '../../../shared/contract/gcode-analysis.js';
import type { FileRow } from '../../store/files-repo.js';

/** The small part of an analysis that lists carry: no layer table, no image bytes. */
export function summarizeAnalysis(result: GcodeAnalysis): AnalysisSummary {
  const { thumbnails, objects, ...slicer } = result.slicer;
  const { layers: _layers, ...own } = result.analysis;
  return {
    slicer: { ...slicer, objectCount: objects.length },
    own,
    thumbnails: [...thumbnails]
      .sort((a, b) => a.width * a.height - b.width * b.height)
      .map(({ base64: _b, ...meta }) => meta),
  };
}

export function analysisStateOf(row: FileRow, progress: number | null): FileAnalysisState {
  let summary: AnalysisSummary | null = null;
  if (row.blob.summaryJson) {
    try {
      summary = JSON.parse(row.blob.summaryJson) as AnalysisSummary;
    } catch {
      summary = null;
    }
  }
  return {
    status: row.blob.analysisStatus,
    progress: row.blob.analysisStatus === 'running' ? progress ?? 0 : null,
    error: row.blob.analysisError,
    summary,
  };
}

export function toFileEntry(row: FileRow, progress: number | null): FileEntry {
  return {
    id: row.id,
    name: row.name,
    folder: row.folder,
    path: row.folder === '' ? row.name : `${row.folder}/${row.name}`,
    sha256: row.sha256,
    size: row.blob.size,
    kind: row.blob.kind,
    source: row.source,
    addedAt: row.addedAt,
    updatedAt: row.updatedAt,
    analysis: analysisStateOf(row, progress),
  };
}
