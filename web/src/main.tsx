import { render } from 'solid-js/web';
import { PlatformStatus } from './platform-status.jsx';

render(
  () => (
    <main>
      <h1>Aether</h1>
      <PlatformStatus />
    </main>
  ),
  document.getElementById('root')!,
);
