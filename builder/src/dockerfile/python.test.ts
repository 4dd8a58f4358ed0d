import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detected, finalStage, generated, generatedText, IMAGES, lineIndex, stageNamed, stages } from './dockerfile-stages.test-support.js';
import { declareBuildArgs } from './build-args.js';
import { generateDockerfile } from './index.js';

const DJANGO = { 'requirements.txt': 'Django>=5\n', 'manage.py': '', 'mysite/wsgi.py': '' };
const generate = (files: Record<string, string>, settings = {}) => generated(detected(files), settings);

describe('Python dependency layer', () => {
  it('installs requirements.txt into /opt/venv before any source is copied, with a pip cache', () => {
    const deps = stageNamed(generate(DJANGO), 'deps');
    expect(deps.from).toBe(`FROM ${IMAGES.python} AS deps`);
    expect(lineIndex(deps, /\["python","-m","venv","\/opt\/venv"\]/)).toBeLessThan(lineIndex(deps, /^COPY requirements.txt \.\/$/));
    expect(deps.lines).toContain('RUN --mount=type=cache,target=/root/.cache/pip ["pip","install","-r","requirements.txt"]');
    expect(deps.lines).not.toContain('COPY . .');
  });

  it('adds the server the app is started with when the project does not list it', () => {
    const gunicorn = 'RUN --mount=type=cache,target=/root/.cache/pip ["pip","install","gunicorn"]';
    expect(stageNamed(generate(DJANGO), 'deps').lines).toContain(gunicorn);
    const declared = { ...DJANGO, 'requirements.txt': 'django\ngunicorn\n' };
    expect(stageNamed(generate(declared), 'deps').lines.some((line) => line.includes('gunicorn'))).toBe(false);
    // Django's static files, which it does not serve with DEBUG off.
    expect(stageNamed(generate(DJANGO), 'deps').lines.at(-1)).toBe('RUN --mount=type=cache,target=/root/.cache/pip ["pip","install","whitenoise"]');
    const withWhitenoise = { ...DJANGO, 'requirements.txt': 'django\nwhitenoise[brotli]>=6\n' };
    expect(stageNamed(generate(withWhitenoise), 'deps').lines.some((line) => line.includes('"whitenoise"'))).toBe(false);
    const fastapi = { 'requirements.txt': 'fastapi', 'main.py': '' };
    expect(stageNamed(generate(fastapi), 'deps').lines.at(-1)).toMatch(/\["pip","install","uvicorn"\]$/);
  });

  it('installs PEP 621 dependencies as listed, without the project source', () => {
    const pyproject = '[project]\nname = "api"\ndependencies = ["flask>=3", "gunicorn"]\n';
    const deps = stageNamed(generate({ 'pyproject.toml': pyproject, 'app.py': '' }), 'deps');
    expect(deps.lines).toContain('RUN --mount=type=cache,target=/root/.cache/pip ["pip","install","flask>=3","gunicorn"]');
  });

  it('runs Poetry from its own venv, installing only main dependencies into the app venv', () => {
    const files = { 'pyproject.toml': '[tool.poetry.dependencies]\nflask = "*"\n', 'poetry.lock': '', 'app.py': '' };
    const deps = stageNamed(generate(files), 'deps');
    const copy = lineIndex(deps, /^COPY pyproject.toml poetry.lock \.\/$/);
    expect(lineIndex(deps, /\["\/opt\/poetry\/bin\/pip","install","poetry"\]/)).toBeLessThan(copy);
    const install = lineIndex(deps, /\["\/opt\/poetry\/bin\/poetry","install","--only","main","--no-root","--no-interaction"\]/);
    expect(install).toBeGreaterThan(copy);
    expect(deps.lines).toContain('ENV VIRTUAL_ENV=/opt/venv');
    expect(finalStage(generate(files)).lines.some((line) => line.includes('/opt/poetry'))).toBe(false);
  });

  it('syncs uv.lock into the app venv without the dev group, from uv in a venv of its own', () => {
    const files = { 'pyproject.toml': '[project]\ndependencies = ["fastapi"]\n', 'uv.lock': '', 'main.py': '' };
    const deps = stageNamed(generate(files), 'deps');
    const copy = lineIndex(deps, /^COPY pyproject.toml uv.lock \.\/$/);
    expect(lineIndex(deps, /\["\/opt\/uv\/bin\/pip","install","uv"\]/)).toBeLessThan(copy);
    expect(lineIndex(deps, /^ENV UV_PROJECT_ENVIRONMENT=\/opt\/venv /)).toBeLessThan(copy);
    const sync = 'RUN --mount=type=cache,target=/root/.cache/uv ["/opt/uv/bin/uv","sync","--locked","--no-dev","--no-install-project","--inexact"]';
    expect(lineIndex(deps, /"sync"/)).toBeGreaterThan(copy);
    expect(deps.lines).toContain(sync);
    // The server goes in after the sync, which would otherwise remove it as not in the lockfile.
    expect(deps.lines.at(-1)).toMatch(/\["pip","install","uvicorn"\]$/);
    expect(finalStage(generate(files)).lines.some((line) => line.includes('/opt/uv'))).toBe(false);
  });

  it('installs a Pipfile with Pipenv, from the lock when there is one', () => {
    const locked = stageNamed(generate({ Pipfile: '[packages]\nflask = "*"\n', 'Pipfile.lock': '{}', 'app.py': '' }), 'deps');
    expect(locked.lines).toContain('COPY Pipfile Pipfile.lock ./');
    expect(locked.lines.some((line) => line.endsWith('["/opt/pipenv/bin/pipenv","install","--deploy"]'))).toBe(true);
    const unlocked = stageNamed(generate({ Pipfile: '[packages]\nflask = "*"\n', 'app.py': '' }), 'deps');
    expect(unlocked.lines).toContain('COPY Pipfile ./');
    expect(unlocked.lines.some((line) => line.endsWith('["/opt/pipenv/bin/pipenv","install"]'))).toBe(true);
  });

  it('runs a custom install command after copying the manifest', () => {
    const deps = stageNamed(generate(DJANGO, { installCommand: 'pip install -r requirements/prod.txt' }), 'deps');
    expect(deps.lines.slice(-4, -2)).toEqual([
      'COPY requirements.txt ./',
      'RUN --mount=type=cache,target=/root/.cache/pip ["sh","-c","pip install -r requirements/prod.txt"]',
    ]);
  });
});

describe('Python final stage', () => {
  it('copies the venv before the source and runs as its own unprivileged user', () => {
    const final = finalStage(generate(FLASK));
    expect(final.from).toBe(`FROM ${IMAGES.python}`);
    expect(lineIndex(final, /^RUN \["useradd","--uid","10001"/)).toBeLessThan(lineIndex(final, /^USER 10001:10001$/));
    const venv = lineIndex(final, /^COPY --from=deps \/opt\/venv \/opt\/venv$/);
    expect(venv).toBeLessThan(lineIndex(final, /^COPY --chown=10001:10001 \. \.$/));
    expect(final.lines).toContain('ENV PATH=/opt/venv/bin:$PATH');
  });

  it.each([
    [DJANGO, 'exec gunicorn --bind 0.0.0.0:$PORT mysite.wsgi'],
    [{ 'requirements.txt': 'flask', 'wsgi.py': '' }, 'exec gunicorn --bind 0.0.0.0:$PORT wsgi:app'],
    [{ 'requirements.txt': 'fastapi', 'main.py': '' }, 'exec uvicorn main:app --host 0.0.0.0 --port $PORT'],
    [{ 'requirements.txt': 'python-fasthtml==0.14.14', 'main.py': '' }, 'exec uvicorn main:app --host 0.0.0.0 --port $PORT'],
  ])('starts the web server on $PORT through sh', (files, command) => {
    expect(finalStage(generate(files)).lines.at(-1)).toBe(`CMD ${JSON.stringify(['sh', '-c', command])}`);
  });

  it('runs a FastHTML app under the uvicorn it depends on, adding nothing and never running main.py', () => {
    const files = { 'requirements.txt': 'python-fasthtml', 'main.py': 'app, rt = fast_app()\nserve()\n' };
    expect(stageNamed(generate(files), 'deps').lines.join('\n')).not.toMatch(/"uvicorn"/);
    expect(finalStage(generate(files)).lines.at(-1)).not.toContain('python');
    expect(generate(files).header).toBe('Aether detected: Python, FastHTML app in main.py, dependencies from requirements.txt (pip)');
  });

  it('runs a plain script with the venv python', () => {
    expect(finalStage(generate({ 'requirements.txt': 'requests', 'main.py': '' })).lines.at(-1)).toBe('CMD ["python","main.py"]');
  });

  it('asks for a start command when it cannot tell, and takes one verbatim', () => {
    const unknown = { 'requirements.txt': 'requests' };
    expect(() => generate(unknown)).toThrow(/^startCommand is required/);
    const startCommand = `python -m bot --greeting "it's $USER" \`date\``;
    const cmd = finalStage(generate(unknown, { startCommand })).lines.at(-1) ?? '';
    expect(JSON.parse(cmd.replace(/^CMD /, ''))).toEqual(['sh', '-c', startCommand]);
  });

  it('runs a build command in a stage of its own over the venv, whose venv and /app the image takes', () => {
    const dockerfile = generate(FLASK, { buildCommand: 'python build.py' });
    const build = stageNamed(dockerfile, 'build');
    expect(build.from).toBe('FROM deps AS build');
    expect(lineIndex(build, /^RUN \["sh","-c","python build.py"\]$/)).toBeGreaterThan(lineIndex(build, /^COPY \. \.$/));
    const final = finalStage(dockerfile);
    expect(final.lines).toContain('COPY --from=build /opt/venv /opt/venv');
    expect(final.lines).toContain('COPY --from=build --chown=10001:10001 /app /app');
    expect(final.lines.join('\n')).not.toContain('build.py');
    expect(stages(generate(FLASK))).toHaveLength(2);
  });

  // The final stage never declares them (build-args.ts), so a build command would run without them there.
  it('runs the build where the build variables are', () => {
    const withVariables = declareBuildArgs(generate(FLASK, { buildCommand: 'python build.py' }), ['API_KEY']);
    const build = withVariables.stages.find((stage) => stage.name === 'build')!;
    expect(build.instructions[0]).toEqual({ op: 'ARG', name: 'API_KEY' });
    expect(withVariables.stages.at(-1)!.instructions).not.toContainEqual({ op: 'ARG', name: 'API_KEY' });
  });

  it('refuses an output directory', () => {
    expect(() => generate(DJANGO, { outputDir: 'static' })).toThrow('outputDir does not apply: a Python app runs from its own files, not an output directory');
  });
});

const FLASK = { 'requirements.txt': 'flask\ngunicorn\n', 'app.py': '' };
const POETRY = { 'pyproject.toml': '[tool.poetry.dependencies]\nflask = "*"\n', 'app.py': '' };
const CACHE_PIP = '--mount=type=cache,target=/root/.cache/pip';

describe('a Python Dockerfile as a whole', () => {
  it('builds the venv with Poetry in a deps stage, and runs the app from a clean final stage', () => {
    const image = IMAGES.python;
    expect(generatedText(detected(POETRY)).split('\n')).toEqual([
      '# Aether detected: Python, Flask app in app.py, dependencies from pyproject.toml (Poetry)',
      '',
      `FROM ${image} AS deps`,
      'ENV VIRTUAL_ENV=/opt/venv',
      'ENV PATH=/opt/venv/bin:$PATH',
      'RUN ["python","-m","venv","/opt/venv"]',
      'WORKDIR /app',
      'RUN ["python","-m","venv","/opt/poetry"]',
      `RUN ${CACHE_PIP} ["/opt/poetry/bin/pip","install","poetry"]`,
      'COPY pyproject.toml ./',
      `RUN ${CACHE_PIP} --mount=type=cache,target=/root/.cache/pypoetry ["/opt/poetry/bin/poetry","install","--only","main","--no-root","--no-interaction"]`,
      `RUN ${CACHE_PIP} ["pip","install","gunicorn"]`,
      '',
      `FROM ${image}`,
      'ENV VIRTUAL_ENV=/opt/venv',
      'ENV PATH=/opt/venv/bin:$PATH',
      'ENV PYTHONUNBUFFERED=1',
      'ENV PORT=8000',
      'RUN ["useradd","--uid","10001","--user-group","--create-home","app"]',
      'RUN ["install","--directory","--owner","app","--group","app","/app"]',
      'WORKDIR /app',
      'COPY --from=deps /opt/venv /opt/venv',
      'COPY --chown=10001:10001 . .',
      'USER 10001:10001',
      'EXPOSE 8000',
      'CMD ["sh","-c","exec gunicorn --bind 0.0.0.0:$PORT app:app"]',
      '',
    ]);
  });

  it('keeps uv and Pipenv in venvs of their own, uv on the image\'s Python and each with its cache', () => {
    const uv = stageNamed(generate({ 'pyproject.toml': '[project]\ndependencies = ["requests"]\n', 'uv.lock': '', 'main.py': '' }), 'deps');
    expect(uv.lines.slice(4)).toEqual([
      'RUN ["python","-m","venv","/opt/uv"]',
      `RUN ${CACHE_PIP} ["/opt/uv/bin/pip","install","uv"]`,
      'ENV UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy',
      'COPY pyproject.toml uv.lock ./',
      'RUN --mount=type=cache,target=/root/.cache/uv ["/opt/uv/bin/uv","sync","--locked","--no-dev","--no-install-project","--inexact"]',
    ]);
    const pipenv = stageNamed(generate({ Pipfile: '[packages]\nrequests = "*"\n', 'main.py': '' }), 'deps');
    expect(pipenv.lines.slice(4)).toEqual([
      'RUN ["python","-m","venv","/opt/pipenv"]',
      `RUN ${CACHE_PIP} ["/opt/pipenv/bin/pip","install","pipenv"]`,
      'COPY Pipfile ./',
      `RUN ${CACHE_PIP} --mount=type=cache,target=/root/.cache/pipenv ["/opt/pipenv/bin/pipenv","install"]`,
    ]);
  });

  it('installs nothing for a PEP 621 project without dependencies, and copies pyproject.toml for a custom install', () => {
    const files = { 'pyproject.toml': '[project]\nname = "tool"\n', 'main.py': '' };
    expect(stageNamed(generate(files), 'deps').lines.slice(4)).toEqual([]);
    expect(stageNamed(generate(files, { installCommand: 'pip install .' }), 'deps').lines.slice(4)).toEqual([
      'COPY pyproject.toml ./',
      `RUN ${CACHE_PIP} ["sh","-c","pip install ."]`,
    ]);
  });

  it.each([
    [DJANGO, 'Django project mysite (settings mysite.settings), dependencies from requirements.txt (pip)'],
    [{ 'requirements.txt': 'flask', 'wsgi.py': '' }, 'Flask app in wsgi.py, dependencies from requirements.txt (pip)'],
    [{ 'pyproject.toml': '[project]\ndependencies = ["fastapi"]\n', 'main.py': '' }, 'FastAPI app in main.py, dependencies from pyproject.toml (pip)'],
    [{ ...POETRY, 'poetry.lock': '' }, 'Flask app in app.py, dependencies from pyproject.toml (Poetry, poetry.lock)'],
    [{ 'pyproject.toml': '[project]\ndependencies = []\n', 'uv.lock': '', 'main.py': '' }, 'script main.py, dependencies from pyproject.toml (uv, uv.lock)'],
    [{ Pipfile: '', 'Pipfile.lock': '{}', 'main.py': '' }, 'script main.py, dependencies from Pipfile (Pipenv, Pipfile.lock)'],
    [{ Pipfile: '', 'main.py': '' }, 'script main.py, dependencies from Pipfile (Pipenv)'],
  ])('says in its header what it found: %j', (files, found) => {
    expect(generate(files).header).toBe(`Aether detected: Python, ${found}`);
  });

  it('says so in its header when it found no entry point and runs the start command given', () => {
    expect(generate({ 'requirements.txt': 'requests' }, { startCommand: 'python -m bot' }).header).toBe(
      'Aether detected: Python, no known entry point, dependencies from requirements.txt (pip)',
    );
  });
});

describe('Python commands', () => {
  const commands = (files: Record<string, string>, settings = {}) => generateDockerfile(detected(files), IMAGES, settings).commands;

  it("reports the installer's own install, not the install of the tool, and the build and start commands", () => {
    expect(commands(DJANGO)).toEqual({
      install: ['pip', 'install', '-r', 'requirements.txt'],
      builds: [['python', '-m', 'aether_collectstatic']],
      start: ['sh', '-c', 'exec gunicorn --bind 0.0.0.0:$PORT mysite.wsgi'],
      outputDir: null,
    });
    expect(commands(POETRY, { buildCommand: 'python build.py' })).toEqual({
      install: ['/opt/poetry/bin/poetry', 'install', '--only', 'main', '--no-root', '--no-interaction'],
      builds: [['sh', '-c', 'python build.py']],
      start: ['sh', '-c', 'exec gunicorn --bind 0.0.0.0:$PORT app:app'],
      outputDir: null,
    });
    expect(commands({ 'pyproject.toml': '[project]\nname = "tool"\n', 'main.py': '' }).install).toBeNull();
  });
});

// The layer as the image runs it: the final stage's own RUN, executed by a venv's Python as the
// image's is, then imported the way Django imports DJANGO_SETTINGS_MODULE, by a project's settings
// module (plain Python, no Django needed).
describe("Django's production settings layer", () => {
  const venv = mkdtempSync(join(tmpdir(), 'aether-venv-'));
  execFileSync('python3', ['-m', 'venv', '--without-pip', venv]);
  const python = join(venv, 'bin/python');
  const setup = generate(DJANGO).stages.find((stage) => stage.name === 'build')!.instructions.find((i) => i.op === 'RUN' && i.argv[0] === 'python');
  if (setup?.op !== 'RUN') throw new Error('expected the RUN that writes the layer');
  execFileSync(python, setup.argv.slice(1));

  function settingsThrough(settingsPy: string, env: Record<string, string> = {}): Record<string, unknown> {
    const project = mkdtempSync(join(tmpdir(), 'aether-django-'));
    mkdirSync(join(project, 'mysite'));
    writeFileSync(join(project, 'mysite/__init__.py'), '');
    writeFileSync(join(project, 'mysite/settings.py'), settingsPy);
    const read = 'import json, aether_django_settings as s; print(json.dumps({k: v for k, v in vars(s).items() if k.isupper()}))';
    const out = execFileSync(python, ['-c', read], { cwd: project, env: { AETHER_DJANGO_SETTINGS: 'mysite.settings', ...env } });
    return JSON.parse(out.toString()) as Record<string, unknown>;
  }

  it('is found in the venv whatever PYTHONPATH the project sets for its own src/ layout', () => {
    expect(settingsThrough('SECRET_KEY = "k"\n', { PYTHONPATH: '/app/src' })).toMatchObject({ SECRET_KEY: 'k', DEBUG: false });
    expect(finalStage(generate(DJANGO)).lines.join('\n')).not.toContain('PYTHONPATH');
  });

  it('turns DEBUG off, takes every Host only when the project lists none, and reads HTTPS from the proxy', () => {
    const startproject = settingsThrough('DEBUG = True\nALLOWED_HOSTS = []\n');
    expect(startproject).toMatchObject({ DEBUG: false, ALLOWED_HOSTS: ['*'] });
    // Traefik ends TLS: without this Django sees http, and every HTTPS form POST (admin login) is a 403.
    expect(startproject.SECURE_PROXY_SSL_HEADER).toEqual(['HTTP_X_FORWARDED_PROTO', 'https']);
    expect(settingsThrough('ALLOWED_HOSTS = ["shop.example.com"]\n')).toMatchObject({ ALLOWED_HOSTS: ['shop.example.com'] });
    expect(settingsThrough('')).toMatchObject({ ALLOWED_HOSTS: ['*'] });
  });

  it("serves the collected static files with WhiteNoise, right after the security middleware, and keeps the project's own", () => {
    const security = 'django.middleware.security.SecurityMiddleware';
    const whitenoise = 'whitenoise.middleware.WhiteNoiseMiddleware';
    const sessions = 'django.contrib.sessions.middleware.SessionMiddleware';
    const startproject = settingsThrough(`MIDDLEWARE = ["${security}", "${sessions}"]\nSTATIC_ROOT = "/srv/static"\n`);
    expect(startproject).toMatchObject({ MIDDLEWARE: [security, whitenoise, sessions], STATIC_ROOT: '/app/staticfiles' });
    expect(settingsThrough(`MIDDLEWARE = ["${sessions}", "${security}", "${whitenoise}"]\n`)).toMatchObject({ MIDDLEWARE: [sessions, security, whitenoise] });
    expect(settingsThrough(`MIDDLEWARE = ("${sessions}",)\n`)).toMatchObject({ MIDDLEWARE: [whitenoise, sessions] });
  });
});
