// Entry point: the page starts once the document is parsed (module scripts are deferred).
import './fonts.js';
import { startApp } from './app.js';

startApp();
