package org.reclaim.scrub;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.X12Limits;
import org.reclaim.x12.claim.SubmittedClaim;

/**
 * Runs its rules over claims. A rule that throws does not stop the others: its failure is a warning
 * on the claim naming the rule ({@code scrub.rule-failed}), so a broken rule is seen, never silent,
 * and never holds a claim by itself.
 */
public final class Scrubber {

    private final List<ClaimRule> rules;

    public Scrubber(List<ClaimRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Only the rules that need nothing but the claim. */
    public static Scrubber transactionSet() {
        return new Scrubber(List.of(new TransactionSetRules()));
    }

    public ClaimScrub scrub(SubmittedClaim claim, LocalDate today) {
        List<Finding> findings = new ArrayList<>();
        for (ClaimRule rule : rules) {
            try {
                findings.addAll(rule.check(claim, today));
            } catch (RuntimeException e) {
                findings.add(
                        Finding.warning(
                                        "scrub.rule-failed",
                                        null,
                                        null,
                                        "the rule "
                                                + rule.getClass().getSimpleName()
                                                + " could not run on this claim: "
                                                + e.getClass().getSimpleName())
                                .withEvidence(Map.of("ruleClass", rule.getClass().getName())));
            }
        }
        return new ClaimScrub(claim, Verdict.of(findings), findings);
    }

    /**
     * Every claim of an 837, in file order, to {@code each} as it is read (constant memory per
     * claim). Other transaction sets in the file are read and ignored.
     */
    public FileReport scrubFile(
            InputStream in, LocalDate today, X12Limits limits, Consumer<ClaimScrub> each)
            throws IOException {
        return X12Files.read(
                in,
                new X12Handler() {
                    @Override
                    public void submittedClaim(SubmittedClaim claim) {
                        each.accept(scrub(claim, today));
                    }
                },
                limits);
    }

    /** {@link #scrubFile} collected: a file's claims and its report. */
    public Result scrubFile(InputStream in, LocalDate today, X12Limits limits) throws IOException {
        List<ClaimScrub> claims = new ArrayList<>();
        FileReport report = scrubFile(in, today, limits, claims::add);
        return new Result(report, claims);
    }

    /** What scrubbing one file found. */
    public record Result(FileReport report, List<ClaimScrub> claims) {}
}
