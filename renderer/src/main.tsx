// Renderer entry: picks the transport, sets up the query cache, mounts the shell.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './app/theme.css';
import { applyTheme } from './app/theme.js';
import { createFarmClient } from './lib/farm-client.js';
import { FarmClientContext } from './lib/farm-hooks.js';

applyTheme();
const client = createFarmClient();
const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <FarmClientContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </FarmClientContext.Provider>
  </StrictMode>,
);
