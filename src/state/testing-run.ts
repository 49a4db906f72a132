// For tests: a run controller whose events the run store follows, as on the page (src/app/stores.ts); the
// controller itself writes no store.
import { type BackendFactory, type Provisioner, RunController } from '../run/controller';
import { connectRun } from './run';

export class ConnectedController extends RunController {
  readonly disconnect: () => void;
  constructor(factory?: BackendFactory, provision?: Provisioner) {
    super(factory, provision);
    this.disconnect = connectRun(this);
  }
}
