// Entry point of the web app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { servedEngineBase } from './remote-engine.ts';
import { openServedAnalysis } from './session.ts';
import './styles.css';
import { applyTheme, watchSystemTheme } from './theme.ts';

applyTheme();
watchSystemTheme();

// A page served by `heapdrop serve` reads that process's analysis instead of waiting for a file.
const served = servedEngineBase();
if (served !== null) void openServedAnalysis(served);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
