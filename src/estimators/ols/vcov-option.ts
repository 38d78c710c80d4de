/**
 * The user-facing variance option of the table-level entry points (`feols`, `iv`): a type name, or
 * `{ type?, cluster?, ssc? }`, plus the `cluster` shortcut. A cluster list without a type means clustered.
 */
import { OptionError } from '../../errors.js';
import type { SscInput, VcovType } from './options.js';

/** What users write. */
export type VcovOption = VcovType | { type?: VcovType; cluster?: readonly string[]; ssc?: SscInput };

/** The resolved request: its cluster variables must be read from the table when the design is built. */
export interface ResolvedVcovOption {
  spec?: { type: VcovType; cluster?: readonly string[] };
  ssc?: SscInput;
  /** Cluster columns to code in the design (rows where they are missing are removed). */
  clusterNames: readonly string[];
}

/** Resolves `vcov` and the `cluster` shortcut; throws OptionError when they contradict each other. */
export function resolveVcovOption(vcov: VcovOption | undefined, cluster: string | readonly string[] | undefined): ResolvedVcovOption {
  let spec: { type: VcovType; cluster?: readonly string[] } | undefined;
  let ssc: SscInput | undefined;
  if (typeof vcov === 'string') spec = { type: vcov };
  else if (vcov) {
    spec = { type: vcov.type ?? (vcov.cluster?.length ? 'cluster' : 'iid'), ...(vcov.cluster ? { cluster: vcov.cluster } : {}) };
    ssc = vcov.ssc;
  }
  const extra = cluster === undefined ? [] : typeof cluster === 'string' ? [cluster] : [...cluster];
  if (extra.length) {
    if (spec && spec.type !== 'cluster') throw new OptionError('cluster', `clusters were given but vcov is "${spec.type}".`, ['cluster']);
    spec = { type: 'cluster', cluster: [...(spec?.cluster ?? []), ...extra] };
  }
  if (spec && spec.type !== 'cluster' && spec.cluster?.length) {
    throw new OptionError('vcov', `cluster variables were given with type "${spec.type}".`, ['cluster']);
  }
  const clusterNames = spec?.cluster ?? [];
  return { ...(spec ? { spec: clusterNames.length ? { type: spec.type, cluster: clusterNames } : { type: spec.type } } : {}), ...(ssc ? { ssc } : {}), clusterNames };
}
