import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import './layout.css';
import { App } from './app/app';
import { labelIcons } from './shell/decorative-icons';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
labelIcons();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
