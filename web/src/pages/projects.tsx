import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import type { ProjectReply } from '../../../control/src/api/replies.js';
import { api, messageOf } from '../api/client.js';
import { onDeploymentChange } from '../api/live.js';
import { StatusBadge } from '../ui/status-badge.jsx';

/** The API's largest page: enough projects for one screen of cards. */
const PAGE = '/projects?perPage=100';

export default function ProjectsPage() {
  const [projects, { refetch }] = createResource(() => api<ProjectReply[]>('GET', PAGE));
  // A deployment going live changes what a card shows; the API says what, so ask it again.
  onDeploymentChange(() => true, () => void refetch());

  return (
    <section>
      <div class="page-head">
        <h1>Projects</h1>
        <A href="/new" class="button primary">
          New project
        </A>
      </div>
      <Show when={projects.error}>
        <p class="form-error" role="alert">
          {messageOf(projects.error)}{' '}
          <button type="button" onClick={() => void refetch()}>
            Try again
          </button>
        </p>
      </Show>
      {/* A resource in error throws when read: the list waits for an answer that worked. */}
      <Show when={!projects.error && projects.latest}>
        {(list) => (
          <Show when={list().length > 0} fallback={<NoProjects />}>
            <ul class="project-list">
              <For each={list()}>{(project) => <ProjectCard project={project} />}</For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}

function NoProjects() {
  return (
    <div class="card empty">
      <p>
        No projects yet. Import a repository from GitHub or give any git URL, and Aether builds it and puts it online at its own address.
      </p>
      <A href="/new" class="button primary">
        Create your first project
      </A>
    </div>
  );
}

function ProjectCard(props: { project: ProjectReply }) {
  return (
    <li class="card project-card">
      <div class="project-card-head">
        <A href={`/projects/${props.project.id}`} class="project-slug">
          {props.project.slug}
        </A>
        <ProductionStatus project={props.project} />
      </div>
      <a href={props.project.url} class="mono break" target="_blank" rel="noopener noreferrer">
        {props.project.url.replace(/^https?:\/\//, '')}
      </a>
      <ProjectSource project={props.project} />
    </li>
  );
}

/** Whether anything serves the project's URL: a production deployment is, by definition, one that went live. */
function ProductionStatus(props: { project: ProjectReply }) {
  return (
    <Show when={props.project.productionDeploymentId !== null} fallback={<span class="muted small">Not deployed yet</span>}>
      <StatusBadge status="ready" />
    </Show>
  );
}

function ProjectSource(props: { project: ProjectReply }) {
  return (
    <p class="muted small break">
      {props.project.repository} · {props.project.branch}
    </p>
  );
}
