import { A, useParams } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import type { ProjectReply } from '../../../control/src/api/replies.js';
import { api, messageOf } from '../api/client.js';
import { BuildSettingsForm } from '../project/build-settings-form.jsx';
import { DeleteProject } from '../project/delete-project.jsx';
import { DomainsSection } from '../project/domains-section.jsx';
import { EnvEditor } from '../project/env-editor.jsx';
import '../project/project.css';

// A project's settings: variables, domains, how it builds and runs, and its deletion. Each
// section saves on its own, so an error in one never costs what was typed in another.

export default function ProjectSettingsPage() {
  const params = useParams<{ projectId: string }>();
  const path = () => `/projects/${params.projectId}`;
  const [project, { mutate }] = createResource(path, (p) => api<ProjectReply>('GET', p));

  return (
    <Show when={!project.error && project.latest} fallback={<Show when={project.error}>{(e) => <p role="alert">{messageOf(e())}</p>}</Show>}>
      {(p) => (
        <>
          <header class="page-header">
            <div>
              <p class="muted">
                <A href={path()}>{p().slug}</A>
              </p>
              <h1>Settings</h1>
            </div>
          </header>
          <EnvEditor projectPath={path()} />
          <DomainsSection projectPath={path()} projectHost={new URL(p().url).hostname} />
          <BuildSettingsForm project={p()} projectPath={path()} onSaved={mutate} />
          <DeleteProject slug={p().slug} projectPath={path()} />
        </>
      )}
    </Show>
  );
}
