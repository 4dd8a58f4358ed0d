import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { DeploymentReply } from '../../../control/src/api/replies.js';
import { formatDuration, relativeTime } from '../lib/time-format.js';
import { StatusBadge } from '../ui/status-badge.jsx';
import { canRollBack, canVisit, hasBranches, isCancelable, type ListedDeployment, shownDuration, triggerLabel } from './deployment-list.js';
import { commitTitle, shortId, shortSha } from './format.js';

// The project's deployments, newest first, each with what can be done to it. At phone width the
// table's rows become cards (project.css); every cell names its column for that.

type Row = DeploymentReply & Pick<ListedDeployment, 'branch'>;

export interface DeploymentActions {
  cancel(d: Row): void;
  rollBack(d: Row): void;
}

export function DeploymentsTable(props: { projectId: string; deployments: Row[]; liveId: string | null; now: number; actions: DeploymentActions }) {
  const branches = () => hasBranches(props.deployments);
  return (
    <table class="deployments">
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Commit</th>
          <Show when={branches()}>
            <th scope="col">Branch</th>
          </Show>
          <th scope="col">Trigger</th>
          <th scope="col">Duration</th>
          <th scope="col">Age</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.deployments}>
          {(d) => (
            <tr>
              <td data-label="Status">
                <StatusBadge status={d.status} />
                <Show when={d.id === props.liveId}>
                  <span class="live-tag">Live</span>
                </Show>
              </td>
              <td data-label="Commit" class="commit">
                <A href={`/projects/${props.projectId}/deployments/${d.id}`}>{commitTitle(d.commitMessage) ?? `Deployment ${shortId(d.id)}`}</A>
                <Show when={shortSha(d.commitSha)}>{(sha) => <code class="muted">{sha()}</code>}</Show>
              </td>
              <Show when={branches()}>
                <td data-label="Branch">{d.branch ?? '–'}</td>
              </Show>
              <td data-label="Trigger">{triggerLabel(d.trigger)}</td>
              <td data-label="Duration">
                <span class="mono">{formatDuration(shownDuration(d, props.now))}</span>
              </td>
              <td data-label="Age">
                <time datetime={d.createdAt} title={new Date(d.createdAt).toLocaleString()}>
                  {relativeTime(d.createdAt, props.now)}
                </time>
              </td>
              <td>
                <div class="row-actions">
                  <Show when={canVisit(d)}>
                    <a href={d.url} target="_blank" rel="noopener" class="button">
                      Visit
                    </a>
                  </Show>
                  <Show when={isCancelable(d.status)}>
                    <button type="button" class="danger" aria-label={`Cancel deployment ${shortId(d.id)}`} onClick={() => props.actions.cancel(d)}>
                      Cancel
                    </button>
                  </Show>
                  <Show when={canRollBack(d, props.liveId)}>
                    <button type="button" aria-label={`Roll back to ${shortId(d.id)}`} onClick={() => props.actions.rollBack(d)}>
                      Roll back
                    </button>
                  </Show>
                </div>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
