package org.reclaim.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.reclaim.triage.TriageService;

/**
 * Playbooks a test puts over the shipped ones: files in the overlay folder the tests' triage reads
 * ({@code reclaim.triage.playbooks-dir}), loaded with a reload, and removed again after the test.
 */
public final class TestPlaybooks {

    public static final Path OVERLAY = Path.of("target/test-triage/playbooks");

    /** Every category's playbook, by file name (one per category of the catalog). */
    public static final List<String> CATEGORIES =
            List.of(
                    "coding",
                    "authorization",
                    "medical-necessity",
                    "claim-data",
                    "bundling",
                    "non-covered",
                    "eligibility",
                    "documentation",
                    "duplicate",
                    "coordination-of-benefits",
                    "provider-enrollment",
                    "network",
                    "wrong-payer",
                    "other",
                    "timely-filing");

    /**
     * The shipped playbooks more specific than a category's (a payer type, a RARC): switched off by
     * {@link #forEveryCategory}.
     */
    private static final List<String> SPECIFIC =
            List.of(
                    "claim-data-unprocessable",
                    "claim-data-subscriber",
                    "timely-filing-medicare",
                    "authorization-medicare-advantage",
                    "medical-necessity-medicare");

    /**
     * Steps that need no outside party: always wait for an operator (a rejection goes to a person),
     * then wait ten days and write off.
     */
    public static final String REVIEW_WAIT_WRITE_OFF =
            """
              - step: REVIEW
                review: ALWAYS
                on: {REJECTED: person}
              - step: AWAIT_RESPONSE
                wait: P10D
              - step: WRITE_OFF
                on: {DONE: END}
              - id: person
                step: ESCALATE
            """;

    private TestPlaybooks() {}

    /**
     * Replaces every category's playbook with one made of {@code steps} (the YAML items of its
     * {@code steps:} list, indented by two spaces), and switches the more specific shipped ones
     * off, so that every denial runs the test's steps.
     */
    public static void forEveryCategory(TriageService triage, Function<String, String> steps)
            throws IOException {
        Files.createDirectories(OVERLAY);
        for (String category : CATEGORIES) {
            Files.writeString(
                    OVERLAY.resolve(category + ".yml"),
                    "id: "
                            + category
                            + "\nname: test\n"
                            + "handles: {categories: ["
                            + category.toUpperCase().replace('-', '_')
                            + "]}\nsteps:\n"
                            + steps.apply(category));
        }
        for (String specific : SPECIFIC) {
            Files.writeString(
                    OVERLAY.resolve(specific + ".yml"),
                    "id: "
                            + specific
                            + "\nname: off\nenabled: false\n"
                            + "handles: {categories: [OTHER]}\nsteps:\n  - step: ESCALATE\n");
        }
        triage.reload().block();
    }

    /** The same steps for every category. */
    public static void forEveryCategory(TriageService triage, String steps) throws IOException {
        forEveryCategory(triage, category -> steps);
    }

    /** Writes one more playbook file into the overlay and reloads. */
    public static void add(TriageService triage, String fileName, String yaml) throws IOException {
        Files.createDirectories(OVERLAY);
        Files.writeString(OVERLAY.resolve(fileName), yaml);
        triage.reload().block();
    }

    /**
     * Removes every file of the overlay (not its folders) and reloads: the shipped playbooks again.
     */
    public static void shipped(TriageService triage) throws IOException {
        if (Files.isDirectory(OVERLAY)) {
            try (Stream<Path> files = Files.list(OVERLAY)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) Files.delete(p);
            }
        }
        triage.reload().block();
    }
}
