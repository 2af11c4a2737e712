import { render } from 'solid-js/web';
import { Root } from './components/Root';
import { shellApi } from './api';
import './styles/base.css';
import './styles/layout.css';
import './styles/messages.css';
import './styles/dialogs.css';

const root = document.getElementById('root');
if (root) render(() => <Root api={shellApi()} />, root);
