import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import type { DeploymentReply, DomainReply, ProjectReply } from '../../../control/src/api/replies.js';
import { api, messageOf } from '../api/client.js';
import { onDeploymentChange } from '../api/live.js';
import { BuildDurationChart } from '../project/build-duration-chart.jsx';
import { buildDurationSeries } from '../project/build-durations.js';
import { filterDeployments, STATUSES } from '../project/deployment-list.js';
import { LiveResources } from '../project/live-resources.jsx';
import { DeploymentsTable } from '../project/deployments-table.jsx';
import { commitTitle, shortId } from '../project/format.js';
import { RollbackDialog } from '../project/rollback-dialog.jsx';
import { FormError } from '../ui/form-error.jsx';
import { StatusBadge } from '../ui/status-badge.jsx';
import '../project/project.css';

// One project: where it answers, what serves it, and its deployments with what can be done to
// them. Every change the server announces for this project fetches the lists again.

/** Ages and running durations move on by themselves between fetches. */
const TICK_MS = 5_000;

export default function ProjectPage() {
  const params = useParams<{ projectId: string }>();
  const path = () => `/projects/${params.projectId}`;
  const [project, { refetch: refetchProject }] = createResource(path, (p) => api<ProjectReply>('GET', p));
  const [deployments, { refetch: refetchDeployments }] = createResource(path, (p) => api<DeploymentReply[]>('GET', `${p}/deployments`));
  const [domains] = createResource(path, (p) => api<DomainReply[]>('GET', `${p}/domains`));
  const [status, setStatus] = createSignal('');
  const [branch, setBranch] = createSignal('');
  const [now, setNow] = createSignal(Date.now());
  const [error, setError] = createSignal<string | null>(null);
  const [rollbackTarget, setRollbackTarget] = createSignal<DeploymentReply | null>(null);

  const timer = setInterval(() => setNow(Date.now()), TICK_MS);
  onCleanup(() => clearInterval(timer));
  onDeploymentChange(
    (change) => change.projectId === params.projectId,
    () => {
      void refetchDeployments();
      void refetchProject();
    },
  );

  // `latest` keeps showing the last answer while the next is fetched, instead of suspending the
  // page at every live update; an error is read before it, which would throw it.
  const listed = () => (deployments.error ? [] : (deployments.latest ?? []));
  const liveId = () => project.latest?.productionDeploymentId ?? null;
  const live = () => listed().find((d) => d.id === liveId());
  const shown = () => filterDeployments(listed(), { status: status(), branch: branch() });

  async function act(work: () => Promise<unknown>) {
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(messageOf(failure));
    }
    void refetchDeployments();
  }

  const redeploy = () => act(() => api('POST', `${path()}/deployments`));
  const cancel = (d: DeploymentReply) => act(() => api('POST', `${path()}/deployments/${d.id}/cancel`));
  async function rollBack(d: DeploymentReply) {
    await api('POST', `${path()}/deployments/${d.id}/rollback`);
    void refetchProject();
    void refetchDeployments();
  }

  return (
    <Show when={!project.error && project.latest} fallback={<Show when={project.error}>{(e) => <p role="alert">{messageOf(e())}</p>}</Show>}>
      {(p) => (
        <>
          <header class="page-header">
            <div>
              <h1>{p().slug}</h1>
              <a href={p().url} target="_blank" rel="noopener" class="live-url">
                {p().url}
              </a>
            </div>
            <div class="header-actions">
              <A href={`${path()}/settings`} class="button">
                Settings
              </A>
              <button type="button" class="primary" onClick={() => void redeploy()}>
                Redeploy
              </button>
            </div>
          </header>
          <FormError message={error()} />

          <section class="card overview" aria-labelledby="overview-heading">
            <h2 id="overview-heading" class="visually-hidden">
              Overview
            </h2>
            <div>
              <h3>Serving</h3>
              <Show when={live()} fallback={<p class="muted">Nothing is live yet.</p>}>
                {(d) => (
                  <p>
                    <StatusBadge status={d().status} />{' '}
                    <A href={`${path()}/deployments/${d().id}`}>{commitTitle(d().commitMessage) ?? `Deployment ${shortId(d().id)}`}</A> <code class="muted">{shortId(d().id)}</code>
                  </p>
                )}
              </Show>
            </div>
            <div>
              <h3>Domains</h3>
              <Show when={domains.error}>{(e) => <p role="alert">{messageOf(e())}</p>}</Show>
              <Show when={!domains.error && (domains.latest ?? []).length > 0} fallback={<p class="muted">No custom domain. Add one in the settings.</p>}>
                <ul class="plain">
                  <For each={domains.latest}>
                    {(domain) => (
                      <li>
                        <Show when={domain.verified} fallback={<span>{domain.hostname}</span>}>
                          <a href={`https://${domain.hostname}`} target="_blank" rel="noopener">
                            {domain.hostname}
                          </a>
                        </Show>{' '}
                        <span class="muted">{domain.verified ? 'verified' : 'waiting for DNS'}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          </section>

          <Show when={liveId()}>{(id) => <LiveResources projectId={params.projectId} deploymentId={id()} deployments={listed()} />}</Show>

          <Show when={buildDurationSeries(listed())[0].length >= 2}>
            <figure class="card chart-card">
              <figcaption>Build duration of the last {buildDurationSeries(listed())[0].length} builds; filled points went live</figcaption>
              <BuildDurationChart deployments={listed()} />
            </figure>
          </Show>

          <section aria-labelledby="deployments-heading">
            <div class="section-header">
              <h2 id="deployments-heading">Deployments</h2>
              <div class="filters">
                <div class="field">
                  <label for="filter-status">Status</label>
                  <select id="filter-status" value={status()} onChange={(e) => setStatus(e.currentTarget.value)}>
                    <option value="">All</option>
                    <For each={STATUSES}>{(s) => <option value={s}>{s}</option>}</For>
                  </select>
                </div>
                <div class="field">
                  <label for="filter-branch">Branch</label>
                  <input id="filter-branch" type="search" value={branch()} onInput={(e) => setBranch(e.currentTarget.value)} />
                </div>
              </div>
            </div>
            <Show when={deployments.error}>{(e) => <p role="alert">{messageOf(e())}</p>}</Show>
            <Show when={!deployments.error && deployments.latest}>
              <Show
                when={shown().length > 0}
                fallback={<p class="muted">{listed().length === 0 ? 'No deployments yet. Redeploy builds the head of the branch.' : 'No deployment matches these filters.'}</p>}
              >
                <DeploymentsTable projectId={params.projectId} deployments={shown()} liveId={liveId()} now={now()} actions={{ cancel: (d) => void cancel(d), rollBack: setRollbackTarget }} />
              </Show>
            </Show>
          </section>

          <RollbackDialog target={rollbackTarget()} onConfirm={rollBack} onClose={() => setRollbackTarget(null)} />
        </>
      )}
    </Show>
  );
}
