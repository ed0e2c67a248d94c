package org.reclaim.work.steps;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.connector.packet.PacketContent;
import org.reclaim.connector.records.EnrollmentFile;
import org.reclaim.connector.records.EnrollmentOnFile;
import org.reclaim.connector.records.Records;
import org.reclaim.work.WorkItem;
import org.reclaim.x12.claim.ClaimDocument;

/**
 * The evidence for a provider enrollment denial (CARC 170, B7 and kin), from the practice's
 * provider roster ({@code records/<slug>/enrollments.csv}): the rendering provider of the denied
 * service ({@link EnrollmentReason#rendering}) was enrolled with the denial's payer on the date of
 * service when a row for that NPI and payer is ENROLLED (or TERMINATED after the date) from on or
 * before it, and names the payer's confirmation reference. Then the payer erred, and an appeal
 * enclosing the confirmation (a page of its own, {@code enrollment-confirmation-<reference>.pdf})
 * asks it to pay. Otherwise (no row, a row of another payer, PENDING or DENIED, effective after the
 * date, or no confirmation reference) no appeal can win: a person enrolls the provider, told what
 * the roster shows.
 */
final class EnrollmentConfirmation {

    private EnrollmentConfirmation() {}

    /** The confirmation to enclose, or why there is none. */
    record Verdict(Confirmation confirmation, String reason) {}

    /** An enrollment on file that covers the date of service. */
    record Confirmation(EnrollmentOnFile row, LocalDate serviceDate, String payerName)
            implements ProofPage {

        @Override
        public String name() {
            return "enrollment-confirmation-"
                    + row.confirmation().replaceAll("[^A-Za-z0-9-]", "")
                    + ".pdf";
        }

        @Override
        public String summary() {
            return "provider roster (enrollments.csv): NPI "
                    + row.renderingNpi()
                    + " "
                    + row.status()
                    + " with payer "
                    + row.payerId()
                    + " effective "
                    + row.effectiveFrom()
                    + (row.effectiveTo() == null ? "" : " to " + row.effectiveTo())
                    + ", confirmation "
                    + row.confirmation()
                    + ", covering the date of service "
                    + serviceDate;
        }

        @Override
        public PacketContent.Page page() {
            String text =
                    "The rendering provider was enrolled with "
                            + payerName
                            + " on the date of service "
                            + serviceDate
                            + ": the enrollment took effect on "
                            + row.effectiveFrom()
                            + ", under the payer's confirmation reference "
                            + row.confirmation()
                            + ". The denial for the provider's enrollment is in error; we ask"
                            + " that the claim be reprocessed and paid.";
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Rendering provider NPI", row.renderingNpi());
            fields.put("Payer", row.payerId());
            fields.put("Enrollment status", row.status().name());
            fields.put("Effective from", String.valueOf(row.effectiveFrom()));
            fields.put(
                    "Effective to",
                    row.effectiveTo() == null ? "open-ended" : row.effectiveTo().toString());
            fields.put("Confirmation reference", row.confirmation());
            fields.put("Date of service", String.valueOf(serviceDate));
            return new PacketContent.Page(
                    name(),
                    "Provider enrollment confirmation",
                    text,
                    List.of(PacketContent.Table.fields("Enrollment on file", fields)));
        }
    }

    /** Looks the denied service's rendering provider up in the practice's roster. */
    static Verdict find(Records records, WorkItem item, ClaimDocument claim) {
        ClaimDocument.Party rendering = EnrollmentReason.rendering(item, claim);
        String npi = rendering == null || rendering.name() == null ? null : rendering.name().id();
        LocalDate day = serviceDate(item, claim);
        String payer = item.payerId();
        if (npi == null || payer == null || day == null) {
            return new Verdict(
                    null,
                    "the roster cannot be asked: the denial lacks the rendering provider's NPI,"
                            + " the payer or the date of service");
        }
        EnrollmentFile roster = records.enrollments(item.practiceSlug());
        List<EnrollmentOnFile> mine =
                roster.rows().stream().filter(r -> r.about(npi, payer)).toList();
        String unread =
                roster.problems().isEmpty()
                        ? ""
                        : "; enrollments.csv rows not read: "
                                + String.join("; ", roster.problems());
        for (EnrollmentOnFile r : mine) {
            if (r.enrolledOn(day) && !r.confirmation().isEmpty()) {
                return new Verdict(
                        new Confirmation(r, day, DraftSteps.payerName(claim, payer)), null);
            }
        }
        String shows;
        if (mine.isEmpty()) {
            long others = roster.rows().stream().filter(r -> r.about(npi, r.payerId())).count();
            shows =
                    "the provider roster (enrollments.csv) has no enrollment of NPI "
                            + npi
                            + " with payer "
                            + payer
                            + (others > 0 ? " (only with other payers)" : "");
        } else {
            shows =
                    "the provider roster (enrollments.csv) shows NPI "
                            + npi
                            + " with payer "
                            + payer
                            + " as "
                            + String.join(
                                    ", ",
                                    mine.stream()
                                            .map(
                                                    r ->
                                                            r.status()
                                                                    + " from "
                                                                    + r.effectiveFrom()
                                                                    + (r.effectiveTo() == null
                                                                            ? ""
                                                                            : " to "
                                                                                    + r
                                                                                            .effectiveTo())
                                                                    + (r.enrolledOn(day)
                                                                                    && r.confirmation()
                                                                                            .isEmpty()
                                                                            ? " with no confirmation"
                                                                                    + " reference on file"
                                                                            : ""))
                                            .toList())
                            + ", none enrolled with a confirmation on the date of service "
                            + day;
        }
        return new Verdict(null, shows + unread);
    }

    static LocalDate serviceDate(WorkItem item, ClaimDocument claim) {
        if (item.serviceDate() != null) return item.serviceDate();
        if (claim == null || claim.lines().isEmpty()) return null;
        return claim.lines().get(0).serviceFrom();
    }
}
