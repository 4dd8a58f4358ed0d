export default function NewProjectPage() {
  return <h1>NewProject</h1>;
}
