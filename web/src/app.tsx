import { type RouteSectionProps, Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { Shell } from './ui/shell.jsx';

// Every page is its own chunk, loaded when first opened: the first paint carries only the shell
// and the page it shows.
const Projects = lazy(() => import('./pages/projects.jsx'));
const SignIn = lazy(() => import('./pages/sign-in.jsx'));
const NewProject = lazy(() => import('./pages/new-project.jsx'));
const Project = lazy(() => import('./pages/project.jsx'));
const ProjectSettings = lazy(() => import('./pages/project-settings.jsx'));
const Deployment = lazy(() => import('./pages/deployment.jsx'));
const Account = lazy(() => import('./pages/account.jsx'));
const NotFound = lazy(() => import('./pages/not-found.jsx'));

export function App() {
  return (
    <Router root={(props: RouteSectionProps) => <Shell>{props.children}</Shell>}>
      <Route path="/" component={Projects} />
      <Route path="/sign-in" component={SignIn} />
      <Route path="/new" component={NewProject} />
      <Route path="/projects/:projectId" component={Project} />
      <Route path="/projects/:projectId/settings" component={ProjectSettings} />
      <Route path="/projects/:projectId/deployments/:deploymentId" component={Deployment} />
      <Route path="/account" component={Account} />
      <Route path="*" component={NotFound} />
    </Router>
  );
}
