import type { DeploymentReply } from '../../../control/src/api/replies.js';

export type DeploymentStatus = DeploymentReply['status'];

/** The colour family of each status: a new status fails the type check until it has one. */
const TONES: Record<DeploymentStatus, 'waiting' | 'running' | 'ok' | 'error' | 'muted'> = {
  queued: 'waiting',
  building: 'running',
  deploying: 'running',
  ready: 'ok',
  failed: 'error',
  canceled: 'muted',
  superseded: 'muted',
};

/** A deployment's status as a dot and a word: the colour repeats the word, never replaces it. */
export function StatusBadge(props: { status: DeploymentStatus }) {
  return <span class={`status-badge tone-${TONES[props.status]}`}>{props.status}</span>;
}
