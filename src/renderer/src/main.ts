import { mount } from 'svelte';
import App from './App.svelte';
import { connectApi } from './lib/api';

const target = document.getElementById('app');
if (!target) throw new Error('index.html: the #app element is missing');

try {
  mount(App, { target, props: { api: connectApi() } });
} catch (err) {
  target.textContent = `HParam Studio could not start: ${err instanceof Error ? err.message : String(err)}`;
  target.setAttribute('data-app-state', 'error');
}
