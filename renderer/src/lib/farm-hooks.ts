// The one way views load data: TanStack Query through the farm client for request/response,
// pushed events through useFarmEvent (which may also update the query cache).
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { EventName, EventPayload } from '../../../electron/shared/contract/events.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../electron/shared/contract/index.js';
import type { ConnectionState, FarmClient } from './farm-client.js';

export const FarmClientContext = createContext<FarmClient | null>(null);

export function useFarmClient(): FarmClient {
  const client = useContext(FarmClientContext);
  if (!client) throw new Error('FarmClientContext is missing');
  return client;
}

export function farmQueryKey(method: MethodName, input?: unknown): unknown[] {
  return input === undefined ? [method] : [method, input];
}

export function useFarmQuery<M extends MethodName>(
  method: M,
  input?: MethodInput<M>,
  options?: Omit<UseQueryOptions<MethodOutput<M>>, 'queryKey' | 'queryFn'>,
) {
  const client = useFarmClient();
  return useQuery<MethodOutput<M>>({
    queryKey: farmQueryKey(method, input),
    queryFn: () => (client.call as (m: M, i?: unknown) => Promise<MethodOutput<M>>)(method, input),
    ...options,
  });
}

export function useFarmCommand<M extends MethodName>(method: M, options?: { invalidates?: MethodName[] }) {
  const client = useFarmClient();
  const queryClient = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => (client.call as (m: M, i?: unknown) => Promise<MethodOutput<M>>)(method, input),
    onSettled: () => {
      for (const key of options?.invalidates ?? []) void queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
}

/** Subscribe to a pushed event for the component's lifetime. The listener may change without resubscribing. */
export function useFarmEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const client = useFarmClient();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(event, (payload) => latest.current(payload)), [client, event]);
}

export function useConnectionState(): ConnectionState {
  const client = useFarmClient();
  const [state, setState] = useState<ConnectionState>('open');
  useEffect(() => client.transport.onConnection?.(setState), [client]);
  return state;
}
