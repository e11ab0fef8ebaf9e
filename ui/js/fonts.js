// Chooses the font names before anything is drawn (see platform.js, fontNames): imported first
// by main.js, so its one line runs before the other modules and the first styles.
import { fontNames } from './platform.js';

document.documentElement.dataset.fonts = fontNames(navigator.userAgent);
