import { For, Show } from 'solid-js';
import type { DetectionReply } from '../../../../control/src/api/replies.js';
import { messageOf } from '../../api/client.js';
import { detectionLine } from '../../lib/detection-preview.js';

/** What the detection found, is doing or failed on, and a monorepo root's packages to choose from. */
export function DetectionStatus(props: { detection: DetectionReply | undefined; detecting: boolean; failure: unknown; onChooseRoot: (path: string) => void }) {
  const text = () => {
    if (props.detecting) return 'Detecting what to build…';
    if (props.failure !== undefined) return messageOf(props.failure);
    if (props.detection !== undefined) return detectionLine(props.detection);
    return 'Aether detects what to build once it knows the repository.';
  };
  return (
    <div class="detection">
      <p role="status" aria-label="Detection" classList={{ 'field-error': !props.detecting && props.failure !== undefined }}>
        {text()}
      </p>
      <Show when={!props.detecting && props.detection?.kind === 'workspace' ? props.detection.candidates : undefined}>
        {(candidates) => (
          <ul class="candidates" aria-label="Packages of the monorepo">
            <For each={candidates()}>
              {(path) => (
                <li>
                  <button type="button" onClick={() => props.onChooseRoot(path)}>
                    Deploy {path}
                  </button>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
    </div>
  );
}
