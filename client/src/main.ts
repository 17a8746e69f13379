import { mount } from 'svelte';
import App from './app.svelte';
import '@fontsource-variable/inter';
import './styles/base.css';

mount(App, { target: document.getElementById('app') as HTMLElement });
