import { A } from '@solidjs/router';

export default function NotFoundPage() {
  return (
    <section class="narrow">
      <h1>Page not found</h1>
      <p class="muted">Nothing lives at this address. It may have been a project or deployment that was deleted.</p>
      <p>
        <A href="/">Back to Projects</A>
      </p>
    </section>
  );
}
