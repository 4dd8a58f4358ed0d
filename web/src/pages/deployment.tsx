import { A, useNavigate, useParams } from '@solidjs/router';
import { createSignal, type JSX, Match, Show, Switch } from 'solid-js';
import type { DeploymentReply, ProjectReply } from '../../../control/src/api/replies.js';
import { api, messageOf } from '../api/client.js';
import { onDeploymentChange } from '../api/live.js';
import { formatDuration } from '../lib/time-format.js';
import { rolloutProgress } from '../project/deployment-list.js';
import { BuildLogPanel } from '../logs/build-log-panel.jsx';
import { DockerfileSection } from '../logs/dockerfile-section.jsx';
import { RuntimeLogPanel } from '../logs/runtime-log-panel.jsx';
import { FormError } from '../ui/form-error.jsx';
import { StatusBadge } from '../ui/status-badge.jsx';
import '../logs/logs.css';

// One deployment: what it is, what it is doing now, its build log then its container's log, live.

const BUILDING = new Set(['queued', 'building']);

export default function DeploymentPage() {
  const params = useParams<{ projectId: string; deploymentId: string }>();
  // Another deployment (after "Redeploy") is a new page: its own streams, its own state.
  return (
    <Show when={`/projects/${params.projectId}/deployments/${params.deploymentId}`} keyed>
      {(path) => <DeploymentView path={path} projectId={params.projectId} deploymentId={params.deploymentId} />}
    </Show>
  );
}

function DeploymentView(props: { path: string; projectId: string; deploymentId: string }) {
  const navigate = useNavigate();
  const [deployment, setDeployment] = createSignal<DeploymentReply>();
  const [project, setProject] = createSignal<ProjectReply>();
  const [loadError, setLoadError] = createSignal<string>();
  const [actionError, setActionError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const shortId = props.deploymentId.slice(0, 8);

  async function load() {
    try {
      setDeployment(await api<DeploymentReply>('GET', props.path));
      setLoadError(undefined);
    } catch (error) {
      setLoadError(messageOf(error));
    }
  }
  void load();
  api<ProjectReply>('GET', `/projects/${props.projectId}`).then(setProject, () => undefined);
  onDeploymentChange((change) => change.deploymentId === props.deploymentId, () => void load());

  async function act(run: () => Promise<void>) {
    setBusy(true);
    setActionError(undefined);
    try {
      await run();
    } catch (error) {
      setActionError(messageOf(error));
    } finally {
      setBusy(false);
    }
  }
  const cancel = () =>
    act(async () => {
      await api('POST', `${props.path}/cancel`);
      await load();
    });
  const redeploy = () =>
    act(async () => {
      const next = await api<DeploymentReply>('POST', `${props.path}/redeploy`);
      navigate(`/projects/${props.projectId}/deployments/${next.id}`);
    });

  return (
    <div class="deployment">
      <A href={`/projects/${props.projectId}`} class="back">
        ← {project()?.slug ?? 'Project'}
      </A>
      <h1>Deployment {shortId}</h1>
      <Show when={loadError()}>{(message) => <p role="alert" class="alert">{message()}</p>}</Show>
      <Show when={deployment()} fallback={<Show when={!loadError()}><p class="muted">Loading…</p></Show>}>
        {(d) => (
          <>
            <Switch>
              <Match when={d().status === 'failed'}>
                <p role="alert" class="alert">
                  {d().error ?? 'The deployment failed.'}
                </p>
              </Match>
              <Match when={d().error}>{(reason) => <p class="muted">{reason()}</p>}</Match>
            </Switch>
            <Summary deployment={d()} />
            <div class="actions">
              <Show when={visitUrl(d())}>
                {(url) => (
                  <a class="button primary" href={url()} target="_blank" rel="noopener noreferrer">
                    Visit
                  </a>
                )}
              </Show>
              <Show
                when={BUILDING.has(d().status)}
                fallback={
                  <Show when={d().status !== 'deploying'}>
                    <button type="button" onClick={redeploy} disabled={busy()}>
                      Redeploy
                    </button>
                  </Show>
                }
              >
                <button type="button" class="danger" onClick={cancel} disabled={busy()}>
                  Cancel
                </button>
              </Show>
            </div>
            <FormError message={actionError()} />
          </>
        )}
      </Show>
      <Show when={!loadError()}>
        <BuildLogPanel path={props.path} shortId={shortId} onEnd={() => void load()} />
      </Show>
      <Show when={deployment()?.dockerfile}>{(text) => <DockerfileSection dockerfile={text()} />}</Show>
      <Show when={hasContainer(deployment())}>
        <RuntimeLogPanel path={props.path} shortId={shortId} />
      </Show>
    </div>
  );
}

function Summary(props: { deployment: DeploymentReply }) {
  const d = () => props.deployment;
  const item = (term: string, value: JSX.Element) => (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <dl class="summary">
      {item('Status', <span role="status" aria-label="Status"><StatusBadge status={d().status} /></span>)}
      <Show when={rolloutProgress(d())}>{(progress) => item('Rollout', progress())}</Show>
      {item('Commit', d().commitSha === null ? <span class="muted">not checked out yet</span> : <span><code>{d().commitSha!.slice(0, 7)}</code> {d().commitMessage}</span>)}
      {item('Trigger', d().trigger)}
      {item('Created', new Date(d().createdAt).toLocaleString())}
      <Show when={d().durations.buildMs !== null}>{item('Build', formatDuration(d().durations.buildMs))}</Show>
      <Show when={d().durations.totalMs !== null}>{item('Total', formatDuration(d().durations.totalMs))}</Show>
    </dl>
  );
}

/** A deployment that got past its build has (or had) a container, whose log is worth asking for. */
function hasContainer(d: DeploymentReply | undefined): boolean {
  return d !== undefined && d.imageId !== null && !BUILDING.has(d.status);
}

/**
 * The deployment's own address, `<8 hex>--<slug>.<apps domain>`, once it serves. The reply does
 * not carry it yet; it is read when it does, and never built here from a guessed domain.
 */
function visitUrl(d: DeploymentReply): string | null {
  const url = (d as DeploymentReply & { url?: unknown }).url;
  return d.status === 'ready' && typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
}
