// Entry point: the page starts once the document is parsed (module scripts are deferred).
import { startApp } from './app.js';

startApp();
