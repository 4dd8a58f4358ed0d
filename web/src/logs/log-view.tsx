import { createVirtualizer } from '@tanstack/solid-virtual';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { followsAfterScroll } from './follow.js';
import type { LogLine } from './log-lines.js';
import { LineText } from './line-text.jsx';
import type { Mark } from './runs.js';

// A log on screen: only the lines in view (and a margin) are in the DOM, so 100,000 lines scroll
// like 100. Lines do not wrap, so every row has the same height and nothing needs measuring. It
// follows the newest line until the user scrolls up; "Jump to latest" brings it back.

/** Must match `.log-row`'s height in logs.css. */
const ROW_PX = 20;

export interface LogViewControl {
  /** Brings a line into the middle of the view, and stops following the tail. */
  showLine(index: number): void;
}

export interface LogViewProps {
  label: string;
  lines: () => readonly LogLine[];
  /** What to say while there are no lines. */
  empty: string;
  /** The search highlights of line `index`. */
  marks?: (index: number) => readonly Mark[];
  /** Runtime lines carry their time; build lines their step. */
  showTime?: boolean;
  control?: (control: LogViewControl) => void;
}

const NO_MARKS: readonly Mark[] = [];

export function LogView(props: LogViewProps) {
  let scroller!: HTMLDivElement;
  let previousTop = 0;
  const [following, setFollowing] = createSignal(true);
  const virtualizer = createVirtualizer({
    get count() {
      return props.lines().length;
    },
    getScrollElement: () => scroller,
    estimateSize: () => ROW_PX,
    overscan: 20,
  });

  const toEnd = () => {
    scroller.scrollTop = scroller.scrollHeight;
  };
  createEffect(on(() => props.lines().length, () => following() && toEnd()));
  props.control?.({
    showLine(index) {
      setFollowing(false);
      virtualizer.scrollToIndex(index, { align: 'center' });
    },
  });

  function onScroll() {
    setFollowing((was) => followsAfterScroll(was, previousTop, scroller));
    previousTop = scroller.scrollTop;
  }

  return (
    <div class="log-frame">
      <div ref={scroller} class="log-scroll" role="log" aria-label={props.label} aria-live="off" tabindex="0" onScroll={onScroll}>
        <Show when={props.lines().length > 0} fallback={<p class="log-empty">{props.empty}</p>}>
          <div class="log-body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
            <For each={virtualizer.getVirtualItems()}>
              {(item) => (
                <Show when={props.lines()[item.index]}>
                  {(line) => (
                    <div
                      class="log-row"
                      classList={{ 'log-step': line().stream === 'step', 'log-stderr': line().stream === 'stderr' }}
                      style={{ transform: `translateY(${item.start}px)` }}
                    >
                      <Show when={props.showTime}>
                        <span class="log-time">{timeOf(line().at)} </span>
                      </Show>
                      <LineText line={line()} marks={props.marks?.(item.index) ?? NO_MARKS} />
                    </div>
                  )}
                </Show>
              )}
            </For>
          </div>
        </Show>
      </div>
      <Show when={!following()}>
        <button
          type="button"
          class="jump"
          onClick={() => {
            setFollowing(true);
            toEnd();
          }}
        >
          Jump to latest
        </button>
      </Show>
    </div>
  );
}

/** HH:MM:SS in the viewer's time zone: the date is the deployment's, shown above. */
function timeOf(at: string): string {
  return new Date(at).toLocaleTimeString([], { hour12: false });
}
