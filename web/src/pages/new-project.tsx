import { useNavigate } from '@solidjs/router';
import { batch, createSignal, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { DeploymentReply, DetectionReply, ImportReply, ProjectReply } from '../../../control/src/api/replies.js';
import { api, ApiFailure } from '../api/client.js';
import { detectedPlaceholders, detectionRequest, formFieldOf } from '../lib/detection-preview.js';
import { type ProjectForm, type ProjectRequest, projectRequest } from '../lib/project-request.js';
import { slugFromRepository } from '../lib/slug-from-repository.js';
import { Field } from '../ui/field.jsx';
import { createFormFailure } from '../ui/form-failure.js';
import { Tabs } from '../ui/tabs.jsx';
import { DetectionStatus } from './new-project/detection-status.jsx';
import { ProjectFields } from './new-project/project-form.jsx';
import { type Repository, RepositoryPicker } from './new-project/repository-picker.jsx';

type Source = 'github' | 'git';

const TABS = [
  { id: 'github', title: 'Import from GitHub' },
  { id: 'git', title: 'Git URL' },
] as const;

const PROJECT_FIELDS = ['slug', 'branch', 'rootDirectory', 'settings.installCommand', 'settings.buildCommand', 'settings.startCommand', 'settings.outputDir', 'settings.port'];

/** A project from one of the user's GitHub repositories or any git URL, and its first deployment. */
export default function NewProjectPage() {
  const navigate = useNavigate();
  const [source, setSource] = createSignal<Source>('github');
  const [chosen, setChosen] = createSignal<Repository>();
  const [url, setUrl] = createSignal('');
  const [form, setForm] = createStore<ProjectForm>({ slug: '', branch: '', rootDirectory: '', installCommand: '', buildCommand: '', startCommand: '', outputDir: '', port: '' });
  // The name follows the repository until the user types one of their own.
  const [slugEdited, setSlugEdited] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  // A project made from a git URL whose first deployment failed to start: deploying again must not make it twice.
  const [created, setCreated] = createSignal<ProjectReply>();
  const failure = createFormFailure(() => (source() === 'git' ? [...PROJECT_FIELDS, 'repository'] : PROJECT_FIELDS));
  const detection = createDetection(() => (source() === 'github' ? (chosen()?.cloneUrl ?? '') : url()), form);
  // A deploy's failure first; until there is one, what detection refused is shown beside its field too.
  const errors = { fieldError: (field: string) => failure.fieldError(field) ?? detection.fieldError(field), formError: failure.formError };

  function suggest(repository: string) {
    if (!slugEdited()) setForm('slug', slugFromRepository(repository));
  }

  function choose(repository: Repository) {
    setChosen(repository);
    suggest(repository.fullName);
    setForm('branch', repository.defaultBranch);
    failure.clear();
    void detection.run();
  }

  function chooseRoot(path: string) {
    setForm('rootDirectory', path);
    void detection.run();
  }

  function select(tab: Source) {
    setSource(tab);
    failure.clear();
    suggest(tab === 'github' ? (chosen()?.fullName ?? '') : url());
    void detection.run();
  }

  async function deploy(event: SubmitEvent) {
    event.preventDefault();
    failure.clear();
    const built = projectRequest(form);
    if (!built.ok) return failure.fail(new ApiFailure(400, built.message, built.field));
    setBusy(true);
    try {
      navigate(source() === 'github' ? await importChosen(built.request) : await deployUrl(built.request));
    } catch (error) {
      failure.fail(error);
    } finally {
      setBusy(false);
    }
  }

  async function importChosen(request: ProjectRequest): Promise<string> {
    const reply = await api<ImportReply>('POST', '/github/import', { repository: chosen()!.fullName, ...request });
    return reply.deployment === null ? `/projects/${reply.project.id}` : `/projects/${reply.project.id}/deployments/${reply.deployment.id}`;
  }

  async function deployUrl(request: ProjectRequest): Promise<string> {
    const body = { repository: url().trim(), ...request };
    const earlier = created();
    const project = earlier === undefined ? await api<ProjectReply>('POST', '/projects', body) : await api<ProjectReply>('PATCH', `/projects/${earlier.id}`, body);
    setCreated(project);
    const deployment = await api<DeploymentReply>('POST', `/projects/${project.id}/deployments`);
    return `/projects/${project.id}/deployments/${deployment.id}`;
  }

  const formShown = () => source() === 'git' || chosen() !== undefined;

  return (
    <section class="form-page">
      <h1>New project</h1>
      <Tabs label="Where the code is" tabs={TABS} selected={source()} onSelect={select}>
        <Show when={source() === 'github'}>
          <Show when={chosen()} fallback={<RepositoryPicker onChoose={choose} />}>
            {(repository) => (
              <div class="chosen">
                <p>
                  Importing <strong class="break">{repository().fullName}</strong>
                </p>
                <button type="button" class="link" onClick={() => setChosen(undefined)}>
                  Choose another repository
                </button>
              </div>
            )}
          </Show>
        </Show>
        <Show when={formShown()}>
          <form onSubmit={deploy} noValidate aria-busy={busy()}>
            <Show when={source() === 'git'}>
              <Field label="Repository URL" hint="Any git URL Aether can clone, such as https://gitlab.com/you/app.git." error={errors.fieldError('repository')}>
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    inputMode="url"
                    autocomplete="off"
                    spellcheck={false}
                    required
                    value={url()}
                    onInput={(event) => {
                      setUrl(event.currentTarget.value);
                      suggest(event.currentTarget.value);
                    }}
                    onChange={() => void detection.run()}
                  />
                )}
              </Field>
              <button type="button" onClick={() => void detection.run(true)} disabled={detection.detecting()}>
                Detect
              </button>
            </Show>
            <DetectionStatus detection={detection.reply()} detecting={detection.detecting()} failure={detection.failure()} onChooseRoot={chooseRoot} />
            <ProjectFields
              form={form}
              setForm={setForm}
              errors={errors}
              branchPlaceholder={source() === 'git' ? 'main' : 'The default branch'}
              placeholders={detectedPlaceholders(detection.reply())}
              onSlugEdited={() => setSlugEdited(true)}
              onSourceChange={() => void detection.run()}
            />
            <button type="submit" class="primary" disabled={busy()}>
              Deploy
            </button>
          </form>
        </Show>
      </Tabs>
    </section>
  );
}

/**
 * The detection of the repository `repository()` names, at the form's branch and root directory:
 * asked again only when one of them changed (or when `again`), and a reply to an older question
 * never overwrites a newer one's.
 */
function createDetection(repository: () => string, form: ProjectForm) {
  const [reply, setReply] = createSignal<DetectionReply>();
  const [failure, setFailure] = createSignal<unknown>();
  const [detecting, setDetecting] = createSignal(false);
  let asked = '';
  let latest = 0;

  async function run(again = false) {
    const request = detectionRequest(repository(), form);
    const key = JSON.stringify(request);
    if (request.repository === '' || (key === asked && !again)) return;
    asked = key;
    const mine = ++latest;
    setDetecting(true);
    try {
      const detected = await api<DetectionReply>('POST', '/detections', request);
      if (mine === latest) batch(() => (setReply(detected), setFailure(undefined)));
    } catch (error) {
      if (mine === latest) batch(() => (setReply(undefined), setFailure(() => error)));
    } finally {
      if (mine === latest) setDetecting(false);
    }
  }

  return {
    run,
    reply,
    failure,
    detecting,
    fieldError(field: string): string | undefined {
      const error = failure();
      return error instanceof ApiFailure && formFieldOf(error.field) === field ? error.message : undefined;
    },
  };
}
