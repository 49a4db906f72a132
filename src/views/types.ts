// What a view is, apart from its React component: an id, a title and place in the views menu, its options (a
// zod object: the link codec, experiment files and the views state derive from it), what it asks the run's
// snapshots to carry, and a pure compute from the run's backend data to what it draws. Pure data and functions
// (no React, no CSS, no store): the link codec and the e2e specs import it.
import type { z } from 'zod';
import type { SnapshotData, SnapshotNeeds } from '../run/snapshot';

export interface ViewDef<
  Id extends string = string,
  O extends z.ZodObject | null = z.ZodObject | null,
  D = unknown,
> {
  /** views.open value, link prefix views.<id>.*, data-view, panel-<id> and view-toggle-<id> test ids. */
  id: Id;
  /** Label in the views menu. */
  title: string;
  /** Place in the views menu (and where a view switched on goes among the open ones). */
  menuOrder: number;
  /** Open in a new page (the default views). */
  openByDefault: boolean;
  /** Options, one zod schema per leaf with its range (null: none). Key order = link parameter order. */
  options: O;
  /** Default options (a fresh object each call). */
  defaults: O extends z.ZodObject ? () => z.infer<O> : null;
  /** What the run's snapshots must carry for this view, from its options. */
  needs?: (opts: O extends z.ZodObject ? z.infer<O> : null) => Partial<SnapshotNeeds>;
  /**
   * Pure: the run's backend data → this view's data (`prev`: the last result for this run, null after a new run
   * started). The run store keeps the result beside the snapshot it came from.
   */
  compute?: (s: SnapshotData, opts: O extends z.ZodObject ? z.infer<O> : null, prev: D | null) => D;
}

/** A declared view: its compute, when it has one, is part of its type (the run store's view data derives from it). */
export type DeclaredView<Id extends string, O extends z.ZodObject | null, D> = ViewDef<Id, O, D> &
  ([D] extends [never] ? unknown : { compute: NonNullable<ViewDef<Id, O, D>['compute']> });

/** Declare a view, keeping its literal id, its option types and its data type. */
export function defineView<Id extends string, O extends z.ZodObject | null, D = never>(
  v: ViewDef<Id, O, D>,
): DeclaredView<Id, O, D> {
  return v as DeclaredView<Id, O, D>;
}

/** Any view, its option and data types erased (for code that goes over all of them). */
export interface ErasedView {
  id: string;
  title: string;
  menuOrder: number;
  openByDefault: boolean;
  options: z.ZodObject | null;
  defaults: (() => unknown) | null;
  needs?: (opts: never) => Partial<SnapshotNeeds>;
  compute?: (s: SnapshotData, opts: never, prev: never) => unknown;
}
