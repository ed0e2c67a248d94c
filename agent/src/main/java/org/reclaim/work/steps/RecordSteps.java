package org.reclaim.work.steps;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.payer.AuthorizationRecord;
import org.reclaim.connector.payer.PayerPortal;
import org.reclaim.connector.records.AuthorizationQuery;
import org.reclaim.connector.records.RecordDocument;
import org.reclaim.connector.records.RecordFact;
import org.reclaim.connector.records.RecordFacts;
import org.reclaim.connector.records.Records;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.work.ClaimOnFile;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.reclaim.work.WorkItem;
import org.reclaim.x12.claim.ClaimDocument;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The records connector's steps: what the practice has on file for the claim. */
final class RecordSteps {

    private RecordSteps() {}

    /**
     * LOOKUP_AUTHORIZATION: an authorization on file for the claim, from its payer and for its
     * member, covering the procedure on the date of service (a line-level denial) or the claim's
     * dates of service (a claim-level denial: the original claim's lines, first to last, else the
     * denial's date); when the records have none and the payer has a portal (and the step's {@code
     * channel} allows it), the portal's authorization look-up, by the member id on the claim. A
     * portal that cannot be reached fails the step (retried later): "none on the portal" is not
     * known then.
     *
     * <p>An authorization number a document of the claim states ({@link DocumentFacts}) is never
     * used by itself: the number used comes from the authorizations file or the portal, and the
     * step log says whether it confirms what the document states, or that the document's number is
     * not confirmed and so not used.
     */
    @Component
    static class LookupAuthorization implements StepExecutor {
        private final Records records;
        private final Portals portals;
        private final ClaimOnFile claims;
        private final DocumentFacts documents;

        LookupAuthorization(
                Records records, Portals portals, ClaimOnFile claims, DocumentFacts documents) {
            this.records = records;
            this.portals = portals;
            this.claims = claims;
            this.documents = documents;
        }

        @Override
        public StepKind kind() {
            return StepKind.LOOKUP_AUTHORIZATION;
        }

        @Override
        public Mono<StepResult> run(Step s) {
            return documents.of(s.item()).flatMap(found -> lookup(s).map(r -> checked(r, found)));
        }

        /**
         * The result, with what it says of the authorization numbers the claim's documents state:
         * confirmed by the number found, or not confirmed and not used.
         */
        static StepResult checked(StepResult r, RecordFacts.Found found) {
            List<RecordFact> stated = found.all(RecordFact.Kind.AUTHORIZATION_NUMBER);
            if (stated.isEmpty()) return r;
            String used = r.context() == null ? null : r.context().get("authorizationNumber");
            List<String> confirmed = new ArrayList<>();
            List<String> not = new ArrayList<>();
            for (RecordFact f : stated) {
                if (used != null && same(used, f.value())) confirmed.add(f.source());
                else not.add(f.source());
            }
            StringBuilder note = new StringBuilder();
            if (!confirmed.isEmpty())
                note.append("; it confirms the authorization the records state (")
                        .append(String.join("; ", confirmed))
                        .append(")");
            if (!not.isEmpty())
                note.append("; the authorization number the records state (")
                        .append(String.join("; ", not))
                        .append(") is not confirmed by ")
                        .append(
                                used == null
                                        ? "the authorizations file or the payer's portal"
                                        : "the authorization found")
                        .append(", so it is not used");
            if (!found.problems().isEmpty())
                note.append("; record document(s) not read: ")
                        .append(String.join("; ", found.problems()));
            return new StepResult(
                    r.outcome(),
                    r.context(),
                    r.moveTo(),
                    r.reason(),
                    r.rerunAt(),
                    r.review(),
                    r.detail() + note,
                    r.tokensIn(),
                    r.tokensOut(),
                    r.nextLevel(),
                    r.refusal());
        }

        private static boolean same(String a, String b) {
            return a.replaceAll("[\\s-]", "").equalsIgnoreCase(b.replaceAll("[\\s-]", ""));
        }

        private Mono<StepResult> lookup(Step s) {
            return claims.of(s.item())
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(
                            claim ->
                                    Mono.fromCallable(
                                                    () ->
                                                            records.findAuthorization(
                                                                    s.item().practiceSlug(),
                                                                    sought(
                                                                            s.item(),
                                                                            claim.orElse(null))))
                                            .subscribeOn(Schedulers.boundedElastic())
                                            .flatMap(
                                                    found ->
                                                            found.isPresent()
                                                                    ? Mono.just(
                                                                            StepResult.done(
                                                                                            "authorization on file")
                                                                                    .withContext(
                                                                                            Map.of(
                                                                                                    "authorizationNumber",
                                                                                                    found.get()
                                                                                                            .authorizationNumber())))
                                                                    : portals.forStep(s)
                                                                            .flatMap(
                                                                                    p ->
                                                                                            p
                                                                                                            .isEmpty()
                                                                                                    ? Mono
                                                                                                            .just(
                                                                                                                    StepResult
                                                                                                                            .outcome(
                                                                                                                                    Playbook
                                                                                                                                            .Outcome
                                                                                                                                            .NOT_FOUND,
                                                                                                                                    "no authorization on file for the service"))
                                                                                                    : fromPortal(
                                                                                                            s,
                                                                                                            p
                                                                                                                    .get(),
                                                                                                            claim))));
        }

        /**
         * What the records are asked for; {@code doc} is the original claim, or null when it is not
         * on file.
         */
        private static AuthorizationQuery sought(WorkItem item, ClaimDocument doc) {
            LocalDate from = null;
            LocalDate to = null;
            if (item.line() == null && doc != null) {
                for (ClaimDocument.Line l : doc.lines()) {
                    if (l.serviceFrom() == null) continue;
                    LocalDate last = l.serviceTo() != null ? l.serviceTo() : l.serviceFrom();
                    if (from == null || l.serviceFrom().isBefore(from)) from = l.serviceFrom();
                    if (to == null || last.isAfter(to)) to = last;
                }
            }
            if (from == null) {
                from = item.serviceDate();
                to = item.serviceDate();
            }
            return new AuthorizationQuery(
                    item.patientControlNumber(),
                    item.payerId(),
                    member(item, doc),
                    item.procedure(),
                    from,
                    to);
        }

        /**
         * The member id the payer knows (an eligibility answer), else the one the claim was billed
         * under.
         */
        private static String member(WorkItem item, ClaimDocument doc) {
            if (item.context().get("eligibleMemberId") != null)
                return item.context().get("eligibleMemberId");
            return doc == null || doc.subscriber() == null || doc.subscriber().name() == null
                    ? null
                    : doc.subscriber().name().id();
        }

        private Mono<StepResult> fromPortal(
                Step s, PayerPortal portal, Optional<ClaimDocument> claim) {
            var item = s.item();
            return Mono.justOrEmpty(claim)
                    .flatMap(
                            doc -> {
                                String member = member(item, doc);
                                String procedure =
                                        item.procedure() != null
                                                ? item.procedure()
                                                : doc.lines().isEmpty()
                                                        ? null
                                                        : doc.lines().get(0).procedure();
                                LocalDate serviceDate =
                                        item.serviceDate() != null
                                                ? item.serviceDate()
                                                : doc.lines().isEmpty()
                                                        ? null
                                                        : doc.lines().get(0).serviceFrom();
                                if (member == null || procedure == null || serviceDate == null) {
                                    return Mono.just(
                                            StepResult.outcome(
                                                    Playbook.Outcome.NOT_FOUND,
                                                    "no authorization on file; the claim"
                                                            + " lacks the member id, procedure or date of service the payer's portal is asked by"));
                                }
                                return portals.call(
                                                () ->
                                                        portal.lookupAuthorization(
                                                                member, procedure, serviceDate))
                                        .map(
                                                found -> {
                                                    if (found.isEmpty()) {
                                                        return StepResult.outcome(
                                                                Playbook.Outcome.NOT_FOUND,
                                                                "no authorization on file or on the payer's portal for the service");
                                                    }
                                                    AuthorizationRecord a = found.get();
                                                    // the portal's answer is checked like any
                                                    // outside input: it must cover the service
                                                    if (serviceDate.isBefore(a.from())
                                                            || a.to() != null
                                                                    && serviceDate.isAfter(a.to())
                                                            || a.procedure() != null
                                                                    && !a.procedure()
                                                                            .equalsIgnoreCase(
                                                                                    procedure)) {
                                                        return StepResult.outcome(
                                                                Playbook.Outcome.NOT_FOUND,
                                                                "the payer's portal named an "
                                                                        + "authorization that does not cover the procedure on the date of service");
                                                    }
                                                    return StepResult.done(
                                                                    "authorization found on the payer's portal")
                                                            .withContext(
                                                                    Map.of(
                                                                            "authorizationNumber",
                                                                            a.authorizationNumber(),
                                                                            "authorizationSource",
                                                                            "portal"));
                                                });
                            })
                    .switchIfEmpty(
                            Mono.fromSupplier(
                                    () ->
                                            StepResult.outcome(
                                                    Playbook.Outcome.NOT_FOUND,
                                                    "no authorization on file; without the original claim the payer's portal cannot be asked")))
                    .onErrorResume(
                            ConnectorException.class,
                            e ->
                                    Mono.just(
                                            StepResult.outcome(
                                                    Playbook.Outcome.FAILED,
                                                    "no authorization on file and the payer's portal could not be reached ("
                                                            + e.kind()
                                                            + ")")));
        }
    }

    /**
     * GATHER_RECORDS: the documents the practice dropped for the claim. With {@code evidence}
     * (patterns, case-insensitive), only a document whose text states one of them answers the
     * denial: the others are not enclosed, and when none does the step says NOT_FOUND with the
     * reason, so no appeal goes out without an enclosure that answers the denial. A document that
     * cannot be read (a broken PDF, binary) is named in the step log and does not count.
     */
    @Component
    static class GatherRecords implements StepExecutor {
        private final Records records;

        GatherRecords(Records records) {
            this.records = records;
        }

        @Override
        public StepKind kind() {
            return StepKind.GATHER_RECORDS;
        }

        @Override
        public Mono<StepResult> run(Step s) {
            List<java.util.regex.Pattern> evidence = evidence(s);
            return Mono.fromCallable(() -> gather(s, evidence))
                    .subscribeOn(Schedulers.boundedElastic());
        }

        private static List<java.util.regex.Pattern> evidence(Step s) {
            Object raw = s.step().parameters().get("evidence");
            if (!(raw instanceof List<?> list)) return List.of();
            return list.stream()
                    .map(
                            p ->
                                    java.util.regex.Pattern.compile(
                                            String.valueOf(p),
                                            java.util.regex.Pattern.CASE_INSENSITIVE
                                                    | java.util.regex.Pattern.UNICODE_CASE))
                    .toList();
        }

        private StepResult gather(Step s, List<java.util.regex.Pattern> evidence) {
            String slug = s.item().practiceSlug();
            String pcn = s.item().patientControlNumber();
            List<RecordDocument> docs = records.documents(slug, pcn);
            if (docs.isEmpty()) {
                return StepResult.outcome(
                        Playbook.Outcome.NOT_FOUND, "no records on file for the claim");
            }
            List<String> names = docs.stream().map(RecordDocument::name).sorted().toList();
            if (evidence.isEmpty()) {
                return StepResult.done(names.size() + " document(s) on file")
                        .withContext(Map.of("documents", String.join("\t", names)));
            }
            List<String> answering = new java.util.ArrayList<>();
            List<String> unreadable = new java.util.ArrayList<>();
            for (String name : names) {
                RecordFacts.Text t = RecordFacts.text(name, records.read(slug, pcn, name));
                if (t.problem() != null) {
                    unreadable.add(t.problem());
                    continue;
                }
                if (evidence.stream().anyMatch(p -> p.matcher(t.text()).find())) {
                    answering.add(name);
                }
            }
            String unread =
                    unreadable.isEmpty() ? "" : "; could not read " + String.join(", ", unreadable);
            if (answering.isEmpty()) {
                return StepResult.outcome(
                        Playbook.Outcome.NOT_FOUND,
                        names.size()
                                + " document(s) on file ("
                                + String.join(", ", names)
                                + "), none states what answers the denial ("
                                + evidence.stream()
                                        .map(java.util.regex.Pattern::pattern)
                                        .collect(java.util.stream.Collectors.joining(" | "))
                                + ")"
                                + unread);
            }
            return StepResult.done(
                            answering.size()
                                    + " of "
                                    + names.size()
                                    + " document(s) answer the denial: "
                                    + String.join(", ", answering)
                                    + unread)
                    .withContext(Map.of("documents", String.join("\t", answering)));
        }
    }
}
