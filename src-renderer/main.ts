import { mount } from 'svelte';
import App from './App.svelte';
import './styles/app.css';
import './styles/screens.css';

mount(App, { target: document.getElementById('app')! });
