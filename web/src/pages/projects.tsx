import { A } from '@solidjs/router';
import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import type { ProjectReply } from '../../../control/src/api/replies.js';
import { apiPage, messageOf } from '../api/client.js';
import { onDeploymentChange } from '../api/live.js';
import { relativeTime } from '../lib/time-format.js';
import { StatusBadge } from '../ui/status-badge.jsx';

/** The API's largest page: enough projects for one screen of cards. */
const FIRST_PAGE = '/projects?perPage=100';

/** The first `count` pages of the user's projects, and whether more follow. */
async function firstPages(count: number): Promise<{ projects: ProjectReply[]; more: boolean }> {
  const projects: ProjectReply[] = [];
  let next: string | null = FIRST_PAGE;
  for (let page = 0; page < count && next !== null; page++) {
    const reply: { items: ProjectReply[]; next: string | null } = await apiPage<ProjectReply>(next);
    projects.push(...reply.items);
    next = reply.next;
  }
  return { projects, more: next !== null };
}

export default function ProjectsPage() {
  const [pageCount, setPageCount] = createSignal(1);
  // Every page shown is asked for again on a change, so a card never shows an older state than its neighbours.
  const [listed, { refetch }] = createResource(pageCount, firstPages);
  // A deployment going live changes what a card shows; the API says what, so ask it again.
  onDeploymentChange(() => true, () => void refetch());
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(timer));

  return (
    <section>
      <div class="page-head">
        <h1>Projects</h1>
        <A href="/new" class="button primary">
          New project
        </A>
      </div>
      <Show when={listed.error}>
        <p class="form-error" role="alert">
          {messageOf(listed.error)}{' '}
          <button type="button" onClick={() => void refetch()}>
            Try again
          </button>
        </p>
      </Show>
      {/* A resource in error throws when read: the list waits for an answer that worked. */}
      <Show when={!listed.error && listed.latest}>
        {(list) => (
          <Show when={list().projects.length > 0} fallback={<NoProjects />}>
            <ul class="project-list">
              <For each={list().projects}>{(project) => <ProjectCard project={project} now={now()} />}</For>
            </ul>
            <Show when={list().more}>
              <button type="button" class="more" disabled={listed.loading} onClick={() => setPageCount(pageCount() + 1)}>
                Show more projects
              </button>
            </Show>
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

function ProjectCard(props: { project: ProjectReply; now: number }) {
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
      <LastDeploy project={props.project} now={props.now} />
    </li>
  );
}

/** The newest deployment's status: what the user last asked for, live or under way or failed. */
function ProductionStatus(props: { project: ProjectReply }) {
  return (
    <Show when={props.project.latestDeployment} fallback={<span class="muted small">Not deployed yet</span>}>
      {(latest) => <StatusBadge status={latest().status} />}
    </Show>
  );
}

function ProjectSource(props: { project: ProjectReply }) {
  return (
    <p class="muted small break">
      <Show when={props.project.framework}>{(framework) => <>{framework()} · </>}</Show>
      {props.project.repository} · {props.project.branch}
    </p>
  );
}

/** When the live deployment went live, and the commit it runs. */
function LastDeploy(props: { project: ProjectReply; now: number }) {
  return (
    <Show when={props.project.production}>
      {(live) => (
        <p class="small break">
          <Show when={live().readyAt}>{(at) => <span class="muted">Live {relativeTime(at(), props.now)}</span>}</Show>
          <Show when={live().commitMessage}>{(message) => <> · {message().split('\n', 1)[0]}</>}</Show>
        </p>
      )}
    </Show>
  );
}
