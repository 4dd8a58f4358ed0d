// What Aether learned about a project: enough to generate a Dockerfile, nothing that only makes
// sense for another kind of project.

/** The Node.js majors Aether has base images for: a project's version must be one of them. */
export const SUPPORTED_NODE_MAJORS = [20, 22, 24] as const;
export type NodeMajor = (typeof SUPPORTED_NODE_MAJORS)[number];

export type Detection = DockerfileDetection | NodeDetection | StaticDetection | PythonDetection | GoDetection;

/** The project brings its own Dockerfile at the root; Aether builds it as is. */
export interface DockerfileDetection {
  kind: 'dockerfile';
  path: 'Dockerfile';
}

export interface NodeDetection {
  kind: 'node';
  packageManager: PackageManager;
  /** The Node.js major version the project asks for, or the default. */
  nodeMajor: NodeMajor;
  /** package.json has a `build` script, or, in an Nx workspace, Nx has a build target for the app. */
  buildScript: boolean;
  app: NodeApp;
  /** The workspace the app is one package of, or null when its folder is the whole project. */
  workspace: NodeWorkspace | null;
  /** What the install reads beside the manifests and lockfile. */
  installFiles: InstallFiles;
}

/**
 * The package manager's settings, patches and committed releases found beside the lockfile
 * (and not left out of the build by .dockerignore), relative to it.
 */
export interface InstallFiles {
  files: readonly string[];
  directories: readonly string[];
  /** For a monorepo's root run as a whole: its members' folders, whose manifests the install reads too. */
  workspaceMembers: readonly WorkspacePath[];
}

/** A package name as npm, pnpm and yarn select workspace packages by, checked to be one. */
export type PackageName = string & { readonly __brand: 'PackageName' };
/**
 * A folder inside the workspace, relative to its root, of plain names only (letters, digits,
 * `.`, `_`, `-`, `@`, not starting with a dot or a dash): COPY and WORKDIR take it as written.
 */
export type WorkspacePath = string & { readonly __brand: 'WorkspacePath' };

export interface WorkspacePackage {
  name: PackageName;
  path: WorkspacePath;
}

/**
 * A JavaScript monorepo whose root holds the lockfile (and pnpm-workspace.yaml for pnpm). The
 * package manager in the detection is the root's; the app and framework are the package's.
 */
export interface NodeWorkspace {
  /** Relative to the repository root, '' for the root itself: the build context. */
  root: string;
  app: WorkspacePackage;
  /** Workspace packages the app depends on, directly or not, each after those it depends on. */
  dependencies: ReadonlyArray<WorkspacePackage & { buildScript: boolean }>;
  /** Every member's folder, sorted: their package.json files go into the dependency layer. */
  members: readonly WorkspacePath[];
  /** Runs the builds, in the order and with the extra tasks its pipeline asks for, when there is one. */
  taskRunner: TaskRunner | null;
}

/** Turborepo or Nx: the root has turbo.json or nx.json and depends on the tool. */
export type TaskRunner = 'turbo' | 'nx';

/**
 * `version` is null when nothing in the project names one, so the newest installs;
 * `lockfile` is null when the project has none, so installs cannot be frozen to it.
 */
export type PackageManager =
  | { name: 'npm'; version: ManagerVersion | null; lockfile: 'package-lock.json' | null }
  | { name: 'pnpm'; version: ManagerVersion | null; lockfile: 'pnpm-lock.yaml' | null }
  | { name: 'yarn'; version: ManagerVersion | null; lockfile: 'yarn.lock' | null; release: YarnRelease }
  | { name: 'bun'; version: ManagerVersion | null; lockfile: 'bun.lock' | 'bun.lockb' | null };

/**
 * An exact release: Corepack's `packageManager` field, which Corepack itself reads from
 * package.json, or the release whose lockfile format the project's lockfile is in.
 */
export interface ManagerVersion {
  number: string;
  from: 'packageManager' | 'lockfile';
}

/**
 * Yarn 1, or Yarn 2+ ("berry", pinned by the packageManager field or run from a committed
 * release through `yarnPath`), which links packages by Plug'n'Play unless `nodeLinker` says otherwise.
 */
export type YarnRelease = { line: 'classic' } | { line: 'berry'; plugAndPlay: boolean };

export type NodeApp =
  /** Built with standalone output tracing and run by its own server.js. */
  | { type: 'next' }
  /** Built to static files in `outputDir`, served by the static file server as `routing` says. */
  | { type: 'static'; framework: StaticFramework; outputDir: string; routing: StaticRouting }
  | {
      type: 'server';
      framework: ServerFramework | null;
      start: NodeStart;
      /**
       * Built as on Google Cloud Run's buildpacks: SvelteKit's adapter-auto writes a server only
       * for the hosts it recognises, and there it picks adapter-node, whose server is then started.
       */
      build?: 'gcp-buildpacks';
    };

/** `custom`: a build script of no framework Aether knows (Parcel, webpack...) beside an index.html, writing to dist/ by convention. */
export type StaticFramework =
  | 'vite'
  | 'create-react-app'
  | 'astro'
  | 'next'
  | 'sveltekit'
  | 'angular'
  | 'expo'
  | 'gatsby'
  | 'docusaurus'
  | 'react-router'
  | 'custom';
export type ServerFramework =
  | 'angular'
  | 'tanstack-start'
  | 'nuxt'
  | 'sveltekit'
  | 'remix'
  | 'react-router'
  | 'astro'
  | 'nestjs'
  | 'express'
  | 'hono'
  | 'fastify';

export type NodeStart =
  /** package.json's `start` script. */
  | { type: 'script' }
  /** `node <path>`: a framework's server entry, or package.json's `main`. */
  | { type: 'file'; path: string }
  /**
   * `node <entry>` inside `dir`, a build output that carries its own dependencies (Nitro's
   * .output/), so the image is that folder and Node.js, with nothing installed.
   */
  | { type: 'output'; dir: string; entry: string }
  /**
   * `node <entry>`, a bundle written to `dir` with the packages it requires left outside it
   * (webpack's externals). The image is `dir` and the files the bundle requires, traced from it:
   * the production install can leave out a package the bundle requires, such as a workspace's
   * `tslib`, a devDependency of its root.
   */
  | { type: 'bundle'; dir: string; entry: string }
  /**
   * A module whose default export is a fetch handler (`{ fetch }`), served by srvx with the
   * static files in `staticDir` (relative to the entry's folder).
   */
  | { type: 'fetch-handler'; entry: string; staticDir: string }
  /**
   * Nothing here starts it; the project settings must. `found` is why, which the refusal gives
   * after the setting's name when none is set.
   */
  | { type: 'unknown'; found: string };

/**
 * What the static file server answers for a path with no file. A single-page app routes in the
 * browser, so every path gets its shell (index.html) with 200; a multi-page site has a file per
 * page, so a missing one is a 404, with the site's own 404.html when it ships one.
 */
export type StaticRouting =
  /** `shell`: the page every unknown path gets, a file name in the output's top folder. */
  | { type: 'single-page'; shell: StaticPageName }
  /** `notFound`: the page a missing path gets, if the build wrote it; a plain 404 otherwise. */
  | { type: 'multi-page'; notFound: StaticPageName };

/** An .html file's name, of plain characters only: the static server's settings take it as written. */
export type StaticPageName = string & { readonly __brand: 'StaticPageName' };

/** An index.html at the root and no manifest: the files are the site, page by page. */
export interface StaticDetection {
  kind: 'static';
}

export interface PythonDetection {
  kind: 'python';
  installer: PythonInstaller;
  app: PythonApp;
}

export type PythonInstaller =
  | { type: 'requirements' }
  /** PEP 621 `[project] dependencies`, installed as listed (the project itself is not a package). */
  | { type: 'pep621'; dependencies: string[] }
  | { type: 'poetry'; lockfile: boolean }
  /** pyproject.toml with uv.lock: installed from the lockfile, without the dev group. */
  | { type: 'uv' }
  | { type: 'pipenv'; lockfile: boolean };

/**
 * `serverDeclared`: the project's dependencies already name the server Aether starts it with;
 * `staticServerDeclared`, WhiteNoise, which serves a Django project's static files.
 */
export type PythonApp =
  /**
   * gunicorn <project>.wsgi, with `settings` (the module its wsgi.py names) read through Aether's
   * production layer. Both are dotted Python identifiers.
   */
  | { type: 'django'; project: string; settings: string; serverDeclared: boolean; staticServerDeclared: boolean }
  /** gunicorn <module>:app */
  | { type: 'flask'; module: string; serverDeclared: boolean }
  /** uvicorn <module>:app */
  | { type: 'fastapi'; module: string; serverDeclared: boolean }
  /** uvicorn <module>:app: python-fasthtml brings uvicorn, and its serve() is for development. */
  | { type: 'fasthtml'; module: string }
  /** streamlit run <file>: one of the names Streamlit's docs give its entry script. */
  | { type: 'streamlit'; file: StreamlitScript }
  /** python <file> */
  | { type: 'script'; file: string }
  /** Nothing says how to start it; the project settings must. */
  | { type: 'unknown' };

export type StreamlitScript = 'streamlit_app.py' | 'app.py' | 'main.py';

export interface GoDetection {
  kind: 'go';
  /** The go.mod `go` directive, or null when it has none. */
  goVersion: string | null;
  /** The main package to build, or null when Aether cannot tell which; the settings must then. */
  mainPackage: string | null;
  /**
   * The cmd/<name> folders holding a main package, by plain names only: what the settings choose
   * from when there are several.
   */
  commands: readonly string[];
  /** go.sum exists, so it goes into the dependency layer with go.mod. */
  goSum: boolean;
}

export class DetectionError extends Error {}
