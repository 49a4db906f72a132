// The exported program's source (experiment.py, next to this file), as text. Kept apart from bundle.ts because
// `?raw` imports need Vite: the runner and the app are built with it, Playwright's loader is not.
import script from './experiment.py?raw';

export const PYTORCH_SCRIPT: string = script;
