import { render } from 'solid-js/web';
import { App } from './app.jsx';
import './styles.css';

render(() => <App />, document.getElementById('root')!);
