import type { Detection, PythonApp, ServerFramework, StaticFramework } from './detection.js';

// The one word a dashboard shows beside a project for what its last build found: the framework
// when Aether recognised one, otherwise the language or how it was built.

const STATIC: Record<StaticFramework, string> = {
  vite: 'Vite',
  'create-react-app': 'Create React App',
  astro: 'Astro',
  next: 'Next.js',
  sveltekit: 'SvelteKit',
  angular: 'Angular',
  expo: 'Expo',
  gatsby: 'Gatsby',
  docusaurus: 'Docusaurus',
  'react-router': 'React Router',
  custom: 'Node.js',
};

const SERVER: Record<ServerFramework, string> = {
  angular: 'Angular',
  'tanstack-start': 'TanStack Start',
  nuxt: 'Nuxt',
  sveltekit: 'SvelteKit',
  remix: 'Remix',
  'react-router': 'React Router',
  astro: 'Astro',
  nestjs: 'NestJS',
  express: 'Express',
  hono: 'Hono',
  fastify: 'Fastify',
};

const PYTHON: Record<PythonApp['type'], string> = { django: 'Django', flask: 'Flask', fastapi: 'FastAPI', fasthtml: 'FastHTML', streamlit: 'Streamlit', script: 'Python', unknown: 'Python' };

export function frameworkName(detection: Detection): string {
  switch (detection.kind) {
    case 'dockerfile':
      return 'Dockerfile';
    case 'static':
      return 'Static';
    case 'go':
      return 'Go';
    case 'python':
      return PYTHON[detection.app.type];
    case 'node': {
      const { app } = detection;
      if (app.type === 'next') return 'Next.js';
      if (app.type === 'static') return STATIC[app.framework];
      return app.framework === null ? 'Node.js' : SERVER[app.framework];
    }
  }
}
