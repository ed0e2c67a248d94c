package org.reclaim.drafting;

/**
 * Drafts the paperwork for one denial. Blocking: a reactive caller runs it on a scheduler meant for
 * blocking work. Never throws for a bad or missing model answer; the draft says what happened.
 */
public interface Drafter {

    Draft<AppealLetter> appeal(AppealFacts facts);

    Draft<ClaimCorrection> correction(CorrectionFacts facts);
}
