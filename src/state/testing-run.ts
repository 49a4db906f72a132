// For tests: a run controller whose events the run store follows, as on the page (src/app/stores.ts); the
// controller itself writes no store.
import { type BackendFactory, RunController } from '../run/controller';
import { connectRun } from './run';

export class ConnectedController extends RunController {
  readonly disconnect: () => void;
  constructor(factory?: BackendFactory) {
    super(factory);
    this.disconnect = connectRun(this);
  }
}
