/**
 * Drafting appeal letters and claim corrections for a denial. {@link org.reclaim.drafting.Drafters}
 * gives a {@link org.reclaim.drafting.Drafter}: templates when offline, otherwise a model whose
 * answers are checked against the facts and replaced by the template's draft when they fail twice.
 * Blocking; no framework types.
 */
package org.reclaim.drafting;
