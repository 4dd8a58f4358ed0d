import type { JSX } from 'solid-js';

/** A titled part of a page, named by its heading for assistive technology. */
export function Section(props: { id: string; title: string; class: string; children: JSX.Element }) {
  return (
    <section class={props.class} aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.children}
    </section>
  );
}
