// Taking entries and bytes out of the library while keeping what job history needs (soft delete, shared blobs).
import type { FileRow, FilesRepo } from '../../store/files-repo.js';
import type { FullAnalysisCache } from './analysis-cache.js';
import type { AnalysisRunner } from './analysis-runner.js';
import type { ContentStore } from './content-store.js';
import type { AnalysisSources } from './package-source.js';

export class Retirement {
  constructor(
    private readonly deps: {
      repo: FilesRepo;
      store: ContentStore;
      sources: AnalysisSources;
      runner: AnalysisRunner;
      analyses: FullAnalysisCache;
    },
  ) {}

  /**
   * Inside a transaction: soft-delete when history refers to the entry, else delete the row. Any table that
   * references files(id) with a foreign key (the job history to come) also keeps the row: the delete is tried in a
   * savepoint and a foreign-key refusal turns it into a soft delete.
   */
  retireEntry(row: FileRow, now: number): 'removed' | 'soft-deleted' {
    const { repo } = this.deps;
    if (!repo.isReferencedByHistory(row.id)) {
      try {
        repo.transaction(() => repo.hardDelete(row.id));
        return 'removed';
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw error;
      }
    }
    repo.softDelete(row.id, now);
    return 'soft-deleted';
  }

  /** Remove a blob's row and bytes when nothing refers to it any more (call under the library's lock). */
  async collectBlob(sha256: string): Promise<void> {
    const { repo, runner, analyses, store, sources } = this.deps;
    if (!repo.isBlobUnreferenced(sha256)) return;
    runner.cancel(sha256);
    repo.deleteBlob(sha256);
    analyses.forget(sha256);
    await store.remove(sha256);
    await sources.remove(sha256);
  }
}
