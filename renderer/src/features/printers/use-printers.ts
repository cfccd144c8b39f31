// Printer data for this room: the list/one printer from the query cache, kept live by pushed status events.
import { useQueryClient } from '@tanstack/react-query';
import type { PrinterSummary } from '../../../../electron/shared/contract/printers.js';
import { useFarmEvent, useFarmQuery } from '../../lib/farm-hooks.js';

export function usePrinterList() {
  const queryClient = useQueryClient();
  const list = useFarmQuery('printers.list');
  useFarmEvent('printer:status', ({ id, status }) => {
    queryClient.setQueryData<PrinterSummary[]>(['printers.list'], (old) => old?.map((p) => (p.id === id ? { ...p, status } : p)));
  });
  useFarmEvent('printers:changed', ({ printers }) => queryClient.setQueryData(['printers.list'], printers));
  return list;
}

export function usePrinter(id: string) {
  const queryClient = useQueryClient();
  const key = ['printers.get', { id }];
  const printer = useFarmQuery('printers.get', { id }, { retry: false });
  useFarmEvent('printer:status', (event) => {
    if (event.id === id) queryClient.setQueryData<PrinterSummary>(key, (old) => (old ? { ...old, status: event.status } : old));
  });
  useFarmEvent('printers:changed', ({ printers }) => {
    const next = printers.find((p) => p.id === id);
    if (next) queryClient.setQueryData(key, next);
    else void queryClient.invalidateQueries({ queryKey: key }); // removed: the refetch says so in words
  });
  return printer;
}
