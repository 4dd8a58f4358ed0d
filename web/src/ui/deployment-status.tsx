import './deployment-status.css';

// A deployment's status as a word with its colour: the word carries the meaning, the colour
// only speeds up reading it.

export function DeploymentStatus(props: { status: string }) {
  return <span class={`deployment-status status-${props.status}`}>{props.status}</span>;
}
