package org.reclaim.x12.synth;

import java.time.LocalDate;

/** One generated claim: what the 837 submits and how the payer first adjudicated it. */
final class PlannedClaim {

    record Member(
            String id,
            String lastName,
            String firstName,
            LocalDate birthDate,
            String gender,
            String street) {}

    record Line(
            Catalog.Procedure procedure,
            String modifier,
            int units,
            long charge,
            LocalDate serviceDate,
            int[] diagnosisPointers) {}

    /** One CAS triplet. */
    record Cas(String group, String carc, long amount) {}

    /** {@link LineResult#allowed()} when the payer sends no AMT*B6. */
    static final long NO_ALLOWED = Long.MIN_VALUE;

    /** One SVC loop of the 835. */
    record LineResult(
            Line line, long charge, long paid, long allowed, Cas[] adjustments, String[] remarks) {

        LineResult negated() {
            return new LineResult(
                    line,
                    -charge,
                    -paid,
                    allowed == NO_ALLOWED ? allowed : -allowed,
                    negate(adjustments),
                    remarks);
        }
    }

    /** One CLP loop of the 835. {@code lines} is empty for a claim denied at claim level. */
    record Adjudication(
            String status,
            String payerClaimNumber,
            String originalPayerClaimNumber,
            long charge,
            long paid,
            long patientResponsibility,
            Cas[] adjustments,
            String[] remarks,
            LineResult[] lines,
            LocalDate received) {

        /** The reversal of this adjudication: CLP02 22, every amount negated, group codes kept. */
        Adjudication reversal() {
            LineResult[] l = new LineResult[lines.length];
            for (int i = 0; i < l.length; i++) l[i] = lines[i].negated();
            return new Adjudication(
                    "22",
                    payerClaimNumber,
                    null,
                    -charge,
                    -paid,
                    -patientResponsibility,
                    negate(adjustments),
                    remarks,
                    l,
                    received);
        }
    }

    final String patientControlNumber;
    final Catalog.Payer payer;

    /** The primary payer when {@link #payer} answers as secondary, else null. */
    final Catalog.Payer primaryPayer;

    final Catalog.Practice practice;
    final Catalog.Doctor doctor;
    final Member subscriber;

    /** Null when the patient is the subscriber. */
    final Member patient;

    final String relationship;
    final String primaryMemberId;
    final String[] diagnoses;
    final String priorAuthorization;
    final String referral;
    final String placeOfService;
    final String groupNumber;
    final Line[] lines;
    final long charge;
    long primaryPaid;
    Adjudication adjudication;
    int deniedLines;
    boolean claimLevelDenial;

    PlannedClaim(
            String patientControlNumber,
            Catalog.Payer payer,
            Catalog.Payer primaryPayer,
            Catalog.Practice practice,
            Catalog.Doctor doctor,
            Member subscriber,
            Member patient,
            String relationship,
            String primaryMemberId,
            String[] diagnoses,
            String priorAuthorization,
            String referral,
            String placeOfService,
            String groupNumber,
            Line[] lines) {
        this.patientControlNumber = patientControlNumber;
        this.payer = payer;
        this.primaryPayer = primaryPayer;
        this.practice = practice;
        this.doctor = doctor;
        this.subscriber = subscriber;
        this.patient = patient;
        this.relationship = relationship;
        this.primaryMemberId = primaryMemberId;
        this.diagnoses = diagnoses;
        this.priorAuthorization = priorAuthorization;
        this.referral = referral;
        this.placeOfService = placeOfService;
        this.groupNumber = groupNumber;
        this.lines = lines;
        long sum = 0;
        for (Line l : lines) sum += l.charge();
        this.charge = sum;
    }

    boolean secondary() {
        return primaryPayer != null;
    }

    static Cas[] negate(Cas[] cas) {
        Cas[] n = new Cas[cas.length];
        for (int i = 0; i < n.length; i++)
            n[i] = new Cas(cas[i].group(), cas[i].carc(), -cas[i].amount());
        return n;
    }
}
