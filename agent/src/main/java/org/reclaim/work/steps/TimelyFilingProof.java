package org.reclaim.work.steps;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.connector.packet.PacketContent;
import org.reclaim.rules.PayerRules;
import org.reclaim.work.WorkItem;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Proof of timely filing from the acknowledgment history the service holds for a denied claim (the
 * practice's submitted claims with its patient control number): the payer's 277CA that accepted the
 * claim for adjudication, the 999 of the transaction set that carried it, and the submission record
 * (the 837's control numbers and date), judged against the payer's filing limit ({@code
 * timelyFilingDays} of config/payers.yml, counted from the date of service as triage counts it).
 *
 * <p>What counts, after the X12 guides: a 277CA (005010X214) claim status with STC01-1 category A1
 * or A2 says the payer accepted the claim into its adjudication system, on STC02's date; a 999
 * (005010X231A1) only says a transaction set arrived and was syntactically sound, so a 999 alone is
 * never proof. An acceptance dated after the filing limit is not proof either. A note in the
 * practice's records folder is not looked at: it is not the payer's word.
 */
@Component
class TimelyFilingProof {

    private final DatabaseClient db;

    TimelyFilingProof(DatabaseClient db) {
        this.db = db;
    }

    /** One stored acknowledgment answer about the claim. */
    record Answer(
            UUID itemId,
            UUID acknowledgmentId,
            String type,
            boolean accepted,
            String code,
            String status,
            LocalDate day,
            Instant receivedAt,
            String controlNumber,
            String acknowledgedGroup,
            String setControlNumber,
            String payerClaimNumber) {}

    /** The 837 that carried the claim, as the practice's file recorded it. */
    record Submission(
            UUID submittedClaimId,
            String setControlNumber,
            String groupControlNumber,
            LocalDate submissionDate,
            Instant receivedAt) {}

    /**
     * The proof: the accepting 277CA, the 999 of its transaction set (null when none is on file),
     * the submission, the date of service and the payer's limit.
     */
    record Proof(
            Answer acceptance,
            Answer setAcknowledgment,
            Submission submission,
            LocalDate serviceDate,
            int limitDays,
            LocalDate lastDay,
            String payerName)
            implements ProofPage {

        /** {@code 277CA-acceptance-<date>-<trace>.pdf}: the enclosure's name in the packet. */
        @Override
        public String name() {
            String trace =
                    acceptance.payerClaimNumber() != null
                            ? acceptance.payerClaimNumber()
                            : acceptance.controlNumber() != null
                                    ? acceptance.controlNumber()
                                    : acceptance.acknowledgmentId().toString().substring(0, 8);
            return "277CA-acceptance-"
                    + acceptance.day()
                    + "-"
                    + trace.replaceAll("[^A-Za-z0-9-]", "")
                    + ".pdf";
        }

        /** One line for the step log and the work context: ids and control numbers, no PHI. */
        @Override
        public String summary() {
            return "277CA acknowledgment "
                    + acceptance.acknowledgmentId()
                    + " (ST02 "
                    + acceptance.controlNumber()
                    + (acceptance.payerClaimNumber() == null
                            ? ""
                            : ", payer claim " + acceptance.payerClaimNumber())
                    + ") accepted the claim on "
                    + acceptance.day()
                    + ", within the filing limit "
                    + lastDay
                    + (setAcknowledgment == null
                            ? "; no 999 on file for its transaction set"
                            : "; 999 acknowledgment "
                                    + setAcknowledgment.acknowledgmentId()
                                    + " accepted set "
                                    + setAcknowledgment.setControlNumber()
                                    + " on "
                                    + setAcknowledgment.day())
                    + "; 837 set "
                    + submission.setControlNumber()
                    + (submission.groupControlNumber() == null
                            ? ""
                            : " group " + submission.groupControlNumber())
                    + (submission.submissionDate() == null
                            ? ""
                            : " of " + submission.submissionDate());
        }

        /** The page of the appeal packet that shows it. */
        @Override
        public PacketContent.Page page() {
            long days = ChronoUnit.DAYS.between(serviceDate, acceptance.day());
            String text =
                    "The payer's claim acknowledgment (ASC X12 277CA, 005010X214) accepted this claim"
                            + " into adjudication on "
                            + acceptance.day()
                            + ", "
                            + days
                            + " day(s) after the date of service "
                            + serviceDate
                            + ", within the filing limit of "
                            + limitDays
                            + " days (last day "
                            + lastDay
                            + "). The acknowledgments and the submission record below are the"
                            + " payer's and the clearinghouse's own answers to the original claim,"
                            + " as the practice received them.";
            List<List<String>> history = new ArrayList<>();
            history.add(
                    List.of(
                            "837P claim submission of " + submission.submissionDate(),
                            "ST02 "
                                    + nz(submission.setControlNumber())
                                    + ", GS06 "
                                    + nz(submission.groupControlNumber()),
                            "sent; on file since " + day(submission.receivedAt())));
            history.add(
                    setAcknowledgment == null
                            ? List.of("999 implementation acknowledgment", "", "none on file")
                            : List.of(
                                    "999 implementation acknowledgment of "
                                            + setAcknowledgment.day(),
                                    "AK202 "
                                            + nz(setAcknowledgment.setControlNumber())
                                            + ", AK102 "
                                            + nz(setAcknowledgment.acknowledgedGroup())
                                            + ", 999 ST02 "
                                            + nz(setAcknowledgment.controlNumber()),
                                    setAcknowledgment.accepted()
                                            ? "transaction set accepted (file received)"
                                            : "transaction set rejected"));
            history.add(
                    List.of(
                            "277CA claim acknowledgment of " + acceptance.day(),
                            "ST02 "
                                    + nz(acceptance.controlNumber())
                                    + ", payer claim control number (REF*1K) "
                                    + nz(acceptance.payerClaimNumber()),
                            "STC "
                                    + acceptance.code()
                                    + (acceptance.status() == null ? "" : ":" + acceptance.status())
                                    + ": accepted for adjudication; received "
                                    + day(acceptance.receivedAt())));
            List<PacketContent.Table> tables = new ArrayList<>();
            tables.add(
                    new PacketContent.Table(
                            "Acknowledgment history of the original claim",
                            List.of("Record", "Control numbers", "Result"),
                            history));
            Map<String, String> limit = new LinkedHashMap<>();
            limit.put("Payer", nz(payerName));
            limit.put("Date of service", String.valueOf(serviceDate));
            limit.put("Filing limit", limitDays + " days from the date of service");
            limit.put("Last day to file", String.valueOf(lastDay));
            limit.put("Accepted by the payer", acceptance.day() + " (" + days + " days)");
            tables.add(PacketContent.Table.fields("Filing limit", limit));
            return new PacketContent.Page(
                    name(), "Proof of timely filing: the payer's 277CA acceptance", text, tables);
        }
    }

    /** The proof, or why there is none (a sentence an operator can act on). */
    record Verdict(Proof proof, String reason) {}

    /**
     * Looks for the proof of the denied claim.
     *
     * @param payer the payer's rules (its filing limit)
     */
    Mono<Verdict> find(WorkItem item, PayerRules payer) {
        return db.sql(
                        """
                        SELECT x.submitted_claim_id, x.item_id, x.acknowledgment_id, x.type, x.accepted, x.code,
                               x.status, x.day, x.received_at, a.control_number, a.acknowledged_group,
                               i.set_control_number, i.payer_claim_number, sc.service_from,
                               cs.control_number AS sub_set, cs.group_control_number AS sub_group,
                               coalesce(sc.submission_date, cs.submission_date) AS sub_date,
                               f.received_at AS sub_received
                        FROM submitted_claim sc
                        JOIN claim_submission cs ON cs.id = sc.submission_id
                        JOIN x12_file f ON f.id = cs.file_id
                        JOIN submitted_claim_answer x ON x.submitted_claim_id = sc.id
                        JOIN acknowledgment a ON a.id = x.acknowledgment_id
                        JOIN acknowledgment_item i ON i.id = x.item_id
                        WHERE sc.practice_id = :p AND sc.patient_control_number = :pcn
                        ORDER BY x.day, x.received_at, x.item_id""")
                .bind("p", item.practiceId())
                .bind("pcn", item.patientControlNumber())
                .map(
                        r ->
                                new Row(
                                        r.get("submitted_claim_id", UUID.class),
                                        new Answer(
                                                r.get("item_id", UUID.class),
                                                r.get("acknowledgment_id", UUID.class),
                                                r.get("type", String.class),
                                                Boolean.TRUE.equals(
                                                        r.get("accepted", Boolean.class)),
                                                r.get("code", String.class),
                                                r.get("status", String.class),
                                                r.get("day", LocalDate.class),
                                                instant(r.get("received_at", OffsetDateTime.class)),
                                                r.get("control_number", String.class),
                                                r.get("acknowledged_group", String.class),
                                                r.get("set_control_number", String.class),
                                                r.get("payer_claim_number", String.class)),
                                        r.get("service_from", LocalDate.class),
                                        new Submission(
                                                r.get("submitted_claim_id", UUID.class),
                                                r.get("sub_set", String.class),
                                                r.get("sub_group", String.class),
                                                r.get("sub_date", LocalDate.class),
                                                instant(
                                                        r.get(
                                                                "sub_received",
                                                                OffsetDateTime.class)))))
                .all()
                .collectList()
                .map(rows -> judge(item, payer, rows));
    }

    private record Row(UUID claimId, Answer answer, LocalDate serviceFrom, Submission submission) {}

    private static Verdict judge(WorkItem item, PayerRules payer, List<Row> rows) {
        LocalDate service = item.serviceDate();
        for (Row r : rows) {
            if (r.serviceFrom() != null && (service == null || r.serviceFrom().isBefore(service)))
                service = r.serviceFrom();
        }
        List<Row> acceptances =
                rows.stream()
                        .filter(r -> "277CA".equals(r.answer().type()) && r.answer().accepted())
                        .sorted(Comparator.comparing((Row r) -> r.answer().day()))
                        .toList();
        if (acceptances.isEmpty()) {
            boolean setOnly = rows.stream().anyMatch(r -> !"277CA".equals(r.answer().type()));
            boolean rejected = rows.stream().anyMatch(r -> "277CA".equals(r.answer().type()));
            String why =
                    rows.isEmpty()
                            ? "no acknowledgment of the original claim is on file"
                            : rejected
                                    ? "the only 277CA on file for the claim rejected it"
                                    : setOnly
                                            ? "only a 999 is on file for the claim: it shows the file arrived, not"
                                                    + " that the payer accepted the claim"
                                            : "no acknowledgment of the original claim is on file";
            return new Verdict(
                    null,
                    "no proof of timely filing: "
                            + why
                            + " (no accepting 277CA); a note in the records is not the payer's"
                            + " acceptance");
        }
        if (service == null) {
            return new Verdict(
                    null,
                    "no proof of timely filing: the date of service is not known, so the filing"
                            + " limit cannot be judged");
        }
        LocalDate last = service.plusDays(payer.timelyFilingDays());
        Row first = acceptances.get(0);
        if (first.answer().day().isAfter(last)) {
            return new Verdict(
                    null,
                    "no proof of timely filing: the 277CA acknowledgment "
                            + first.answer().acknowledgmentId()
                            + " accepted the claim on "
                            + first.answer().day()
                            + ", after the filing limit "
                            + last
                            + " ("
                            + payer.timelyFilingDays()
                            + " days from the date of service "
                            + service
                            + ")");
        }
        Answer set =
                rows.stream()
                        .filter(
                                r ->
                                        r.claimId().equals(first.claimId())
                                                && !"277CA".equals(r.answer().type())
                                                && r.answer().accepted())
                        .map(Row::answer)
                        .findFirst()
                        .orElse(null);
        return new Verdict(
                new Proof(
                        first.answer(),
                        set,
                        first.submission(),
                        service,
                        payer.timelyFilingDays(),
                        last,
                        payer.name()),
                null);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String day(Instant t) {
        return t == null ? "" : LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    private static String nz(String s) {
        return s == null ? "not given" : s;
    }
}
