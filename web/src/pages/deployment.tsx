export default function DeploymentPage() {
  return <h1>Deployment</h1>;
}
