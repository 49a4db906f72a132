// The memory view: what the run's engine holds, by part, against the device's limits. No options.
import { defineView } from '../types';

export const memoryView = defineView({
  id: 'memory',
  title: 'Memory',
  menuOrder: 3,
  openByDefault: true,
  options: null,
  defaults: null,
});
