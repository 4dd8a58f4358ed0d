import { createEffect, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import type { DomainReply } from '../../../control/src/api/replies.js';
import { ApiFailure, api, messageOf } from '../api/client.js';
import { FormError } from '../ui/form-error.jsx';
import { Section } from '../ui/section.jsx';
import { dnsRecords } from './dns-records.js';

// Custom domains: the records to create at the DNS provider, and their proof checked again by
// itself until every domain is verified (or the page is left).

/** DNS changes take minutes to spread; asking more often only spends the resolver's patience. */
const RECHECK_MS = 15_000;

export function DomainsSection(props: { projectPath: string; projectHost: string }) {
  const [domains, { refetch, mutate }] = createResource(() => props.projectPath, (p) => api<DomainReply[]>('GET', `${p}/domains`));
  const [hostname, setHostname] = createSignal('');
  const [fieldError, setFieldError] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [checking, setChecking] = createSignal<ReadonlySet<string>>(new Set());

  const list = () => (domains.error ? [] : (domains.latest ?? []));
  const waiting = () => list().filter((d) => !d.verified);

  createEffect(() => {
    if (waiting().length === 0) return;
    const timer = setInterval(() => void Promise.all(waiting().map((d) => verify(d, { quiet: true }))), RECHECK_MS);
    onCleanup(() => clearInterval(timer));
  });

  async function verify(domain: DomainReply, options: { quiet: boolean } = { quiet: false }) {
    setChecking((s) => new Set([...s, domain.id]));
    try {
      const { verified } = await api<{ verified: boolean }>('POST', `${props.projectPath}/domains/${domain.id}/verify`);
      if (verified) mutate((all) => all?.map((d) => (d.id === domain.id ? { ...d, verified } : d)));
    } catch (failure) {
      if (!options.quiet) setError(messageOf(failure));
    } finally {
      setChecking((s) => new Set([...s].filter((id) => id !== domain.id)));
    }
  }

  async function add(event: SubmitEvent) {
    event.preventDefault();
    setFieldError(null);
    setError(null);
    try {
      const added = await api<DomainReply>('POST', `${props.projectPath}/domains`, { hostname: hostname().trim() });
      mutate((all) => [...(all ?? []), added]);
      setHostname('');
    } catch (failure) {
      if (failure instanceof ApiFailure && failure.field === 'hostname') setFieldError(failure.message);
      else setError(messageOf(failure));
    }
  }

  async function remove(domain: DomainReply) {
    setError(null);
    try {
      await api('DELETE', `${props.projectPath}/domains/${domain.id}`);
    } catch (failure) {
      setError(messageOf(failure));
    }
    void refetch();
  }

  return (
    <Section class="settings-section" id="domains" title="Domains">
      <form class="inline-actions" onSubmit={(e) => void add(e)}>
        <div class="field">
          <label for="domain-name">Domain</label>
          <input id="domain-name" placeholder="www.example.com" autocomplete="off" spellcheck={false} value={hostname()} onInput={(e) => setHostname(e.currentTarget.value)} required />
          <Show when={fieldError()}>{(m) => <p class="field-error">{m()}</p>}</Show>
        </div>
        <button type="submit" class="primary">
          Add domain
        </button>
      </form>
      <Show when={domains.error}>{(e) => <p role="alert">{messageOf(e())}</p>}</Show>
      <FormError message={error()} />
      <For each={list()} fallback={<p class="muted">No custom domain yet.</p>}>
        {(domain) => (
          <article class="card domain" aria-labelledby={`domain-${domain.id}`}>
            <div class="domain-header">
              <h3 id={`domain-${domain.id}`}>{domain.hostname}</h3>
              <div class="inline-actions">
                <span role="status" class={domain.verified ? 'verified' : 'muted'}>
                  {domain.verified ? 'Verified' : checking().has(domain.id) ? 'Checking DNS…' : 'Waiting for DNS: checked every 15 s'}
                </span>
                <Show when={!domain.verified}>
                  <button type="button" aria-label={`Verify ${domain.hostname}`} disabled={checking().has(domain.id)} onClick={() => void verify(domain)}>
                    Verify
                  </button>
                </Show>
                <button type="button" class="danger" aria-label={`Remove ${domain.hostname}`} onClick={() => void remove(domain)}>
                  Remove
                </button>
              </div>
            </div>
            <p class="muted">The records to create at your DNS provider:</p>
              <table class="records">
                <thead>
                  <tr>
                    <th scope="col">Type</th>
                    <th scope="col">Name</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={dnsRecords(domain, props.projectHost)}>
                    {(record) => (
                      <tr>
                        <td>{record.type}</td>
                        <td>{record.name}</td>
                        <td>{record.value}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
          </article>
        )}
      </For>
    </Section>
  );
}
