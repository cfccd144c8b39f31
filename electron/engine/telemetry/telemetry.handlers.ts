// Handlers of the `telemetry` contract group.
import type { telemetry } from '../../shared/contract/telemetry.js';
import type { Handlers } from '../handlers.js';
import type { TelemetryService } from './telemetry-service.js';

export function telemetryHandlers(service: TelemetryService): Handlers<typeof telemetry> {
  return {
    farm: () => service.farmSnapshot(),
    history: ({ id, fromMs, toMs, resolutionMs }) => service.historySlice(id, fromMs, toMs, resolutionMs),
    watch: ({ id }) => service.watch(id),
    unwatch: ({ id }) => {
      service.unwatch(id);
      return null;
    },
    engine: () => {
      const stats = service.stats();
      return {
        runtime: service.runtime.history(),
        drivers: service.drivers.rates(),
        dbWrite: service.dbWrite.snapshot(),
        reportToPush: service.reportToPush.snapshot(),
        printers: stats.printers,
        historyBytes: stats.historyBytes,
        historyBytesBoundPerPrinter: stats.historyBytesBoundPerPrinter,
        rowsWritten: stats.rollup.rowsWritten,
        farmPushes: stats.farmPushes,
        maxFarmPushesInOneSecond: stats.maxFarmPushesInOneSecond,
        statusEvents: stats.statusEvents,
      };
    },
  };
}
