// A deployment's status as a coloured word. Kept here until the shared one (ui/status-badge.tsx)
// lands, so this page's chunk does not wait on it.

export function StatusBadge(props: { status: string }) {
  return (
    <span role="status" aria-label="Status" class={`badge badge-${props.status}`}>
      {props.status}
    </span>
  );
}
