import { mount } from 'svelte';
import App from './App.svelte';
import { connectApi } from './lib/api';
import './styles/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html: the #app element is missing');

try {
  mount(App, { target, props: { api: connectApi() } });
} catch (err) {
  // Before the shell exists (no token, no bridge) there is nothing to render into but the page itself.
  target.innerHTML = '';
  const box = document.createElement('div');
  box.className = 'startup-error';
  box.setAttribute('role', 'alert');
  box.textContent = `HParam Studio could not start: ${err instanceof Error ? err.message : String(err)}`;
  target.appendChild(box);
  target.setAttribute('data-app-state', 'error');
}
