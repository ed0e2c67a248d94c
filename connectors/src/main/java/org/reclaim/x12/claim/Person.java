package org.reclaim.x12.claim;

import java.time.LocalDate;

/** A subscriber or patient (NM1*IL / NM1*QC with DMG). Synthetic data only in this repository. */
public record Person(
        String memberId,
        String lastName,
        String firstName,
        LocalDate birthDate,
        String gender,
        String relationship) {}
