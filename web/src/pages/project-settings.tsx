export default function ProjectSettingsPage() {
  return <h1>ProjectSettings</h1>;
}
