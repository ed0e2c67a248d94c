package org.reclaim.x12;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reclaim.x12.internal.AckMapper;
import org.reclaim.x12.internal.ClaimMapper;
import org.reclaim.x12.internal.ClaimStatusMapper;
import org.reclaim.x12.internal.EligibilityMapper;
import org.reclaim.x12.internal.RemittanceMapper;
import org.reclaim.x12.internal.RemittanceTotalsMapper;
import org.reclaim.x12.internal.Segment;
import org.reclaim.x12.internal.TransactionMapper;
import org.reclaim.x12.internal.X12Reader;

/**
 * The one entry point for reading X12: streams a whole file through the tokenizer and the mapper of
 * each transaction's type (835 → remittances, 837P/I → submitted claims, 999/997/277CA/277 →
 * acknowledgments, 271 → eligibility), calling the handler as pieces complete. Never throws for bad
 * content: problems are reported as data; only an {@link IOException} from the stream itself
 * escapes.
 */
public final class X12Files {

    /** Problems kept in a {@link FileReport}; more are counted, and still passed to the handler. */
    public static final int MAX_PROBLEMS = 1000;

    private static final Set<String> CONTRACT_TYPES =
            Set.of("835", "837P", "837I", "999", "997", "277CA", "277", "276", "270", "271");

    private X12Files() {}

    /** Reads with the {@link X12Limits#DEFAULT default caps}. */
    public static FileReport read(InputStream in, X12Handler handler) throws IOException {
        return read(in, handler, X12Limits.DEFAULT);
    }

    /**
     * Reads the whole file, or up to the first cap it passes: then the report's error and {@link
     * FileReport#capExceeded()} say which, and nothing after it is read.
     */
    public static FileReport read(InputStream in, X12Handler handler, X12Limits limits)
            throws IOException {
        return new Run(in, handler, null, limits).read();
    }

    /**
     * What {@link #summarize} found: the same {@link FileReport} as {@link #read} (problems
     * included, in the same order), and the 835 totals.
     */
    public record Summary(FileReport report, RemittanceTotals remittances) {}

    /**
     * Reads a file like {@link #read}, except that its 835 transactions are only added up, straight
     * from the bytes, into {@link RemittanceTotals} (no record per claim, nothing passed to the
     * handler for them but their problems); every other transaction goes to {@code handler} as in
     * {@link #read}. Same tokenizer, same envelope checks, same problems.
     *
     * @param nonWorkable the (group, CARC) patterns of the adjustments that are not workable
     *     (docs/contracts.md §1): a denial is a line or claim level whose other adjustments sum
     *     &gt; 0
     */
    public static Summary summarize(InputStream in, AdjustmentRules nonWorkable, X12Handler handler)
            throws IOException {
        return summarize(in, nonWorkable, handler, X12Limits.DEFAULT);
    }

    /** {@link #summarize(InputStream, AdjustmentRules, X12Handler)} with the given caps. */
    public static Summary summarize(
            InputStream in, AdjustmentRules nonWorkable, X12Handler handler, X12Limits limits)
            throws IOException {
        RemittanceTotalsMapper.Totals totals = new RemittanceTotalsMapper.Totals(nonWorkable);
        FileReport report = new Run(in, handler, totals, limits).read();
        return new Summary(report, totals.result());
    }

    /**
     * The type a transaction is read as: ST01, with 837 split by implementation guide (ST03, else
     * GS08) into 837P/837I and 277 into 277CA (X214) or 277.
     */
    static String classify(String st01, String version) {
        switch (st01) {
            case "837":
                if (version.contains("X222") || version.contains("X098")) return "837P";
                if (version.contains("X223") || version.contains("X096")) return "837I";
                if (version.contains("X224") || version.contains("X097")) return "837D";
                return "837P";
            case "277":
                return version.contains("X214") ? "277CA" : "277";
            default:
                return st01;
        }
    }

    /** One read of one file: the envelope bookkeeping around the reader and the mappers. */
    private static final class Run {
        private final ProblemSink problems;
        private final X12Reader reader;
        private final X12Handler handler;
        private final Map<String, Integer> types = new LinkedHashMap<>();
        private String firstType;
        private boolean ta1;
        private int interchanges;
        private int transactions;
        private long segments;
        private String truncation;

        private boolean isaOpen;
        private long isaOrdinal;
        private long isaOffset;
        private String isa13;
        private int groupsInInterchange;
        private boolean gsOpen;
        private long gsOrdinal;
        private long gsOffset;
        private String gs06;
        private String gs08 = "";
        private int setsInGroup;
        private boolean stOpen;
        private long stOrdinal;
        private long stOffset;
        private String st02;
        private long setSegments;
        private TransactionMapper mapper = TransactionMapper.IGNORE;
        private boolean outsideReported;

        /** Non-null when 835 transactions are only added up ({@link #summarize}). */
        private final RemittanceTotalsMapper.Totals totals;

        private final X12Limits limits;

        /** The cap passed; reading stops at it. */
        private X12Limits.Exceeded exceeded;

        /** The open transaction's claim kind: 0 none, 'P' 837P, 'I' 837I, 'R' 835. */
        private int claimKind;

        private boolean inClaim;
        private long claimOrdinal;
        private long claimOffset;
        private long claimSegments;
        private long claimLines;

        Run(
                InputStream in,
                X12Handler handler,
                RemittanceTotalsMapper.Totals totals,
                X12Limits limits) {
            this.limits = limits;
            this.handler = handler;
            this.totals = totals;
            this.problems = new ProblemSink(handler);
            this.reader = new X12Reader(in, problems);
        }

        FileReport read() throws IOException {
            while (step()) {
                // one segment per call: see step()
            }
            if (exceeded != null) return cappedReport();
            if (stOpen) closeUnterminatedSet(null);
            if (gsOpen) closeUnterminatedGroup(null);
            if (isaOpen) {
                truncated(
                        Problem.error(
                                isaOrdinal,
                                "ISA",
                                null,
                                isaOffset,
                                "ISA at segment "
                                        + isaOrdinal
                                        + " (byte "
                                        + isaOffset
                                        + ") has no IEA: file truncated"));
            }
            String error = reader.fatal();
            boolean cut = truncation != null || (error != null && error.startsWith("truncated"));
            if (error == null && interchanges == 0 && transactions == 0 && !ta1) {
                // every refusal names where (issue 14): the whole file, byte 0 to its end
                error =
                        "not X12: no ISA, ST or TA1 segment found from byte 0 to the end (byte "
                                + reader.bytesRead()
                                + ")";
                problems.add(Problem.error(0, null, null, 0, error));
            }
            if (error == null) error = truncation;
            String type = firstType != null ? firstType : ta1 ? "TA1" : "unknown";
            if (!CONTRACT_TYPES.contains(type) && !"TA1".equals(type)) type = "unknown";
            List<Problem> kept = List.copyOf(problems.kept());
            return new FileReport(
                    type,
                    interchanges,
                    transactions,
                    Map.copyOf(types),
                    cut,
                    error,
                    kept,
                    problems.count(),
                    reader.bytesRead(),
                    segments,
                    null);
        }

        /**
         * The file passed a cap: its error is the cap's message; the transaction open there is
         * dropped, its mapper not ended, so nothing of it goes to the handler.
         */
        private FileReport cappedReport() {
            mapper = TransactionMapper.IGNORE;
            stOpen = false;
            String type = firstType != null ? firstType : ta1 ? "TA1" : "unknown";
            if (!CONTRACT_TYPES.contains(type) && !"TA1".equals(type)) type = "unknown";
            return new FileReport(
                    type,
                    interchanges,
                    transactions,
                    Map.copyOf(types),
                    false,
                    exceeded.message(),
                    List.copyOf(problems.kept()),
                    problems.count(),
                    reader.bytesRead(),
                    segments,
                    exceeded);
        }

        /** Records the cap passed at {@code s}; the next {@link #step} ends the read. */
        private void exceed(String cap, long value, Segment s, String what) {
            String message =
                    "cap "
                            + X12Limits.PREFIX
                            + cap
                            + " ("
                            + value
                            + ") exceeded at segment "
                            + s.ordinal()
                            + " (byte "
                            + s.offset()
                            + "): "
                            + what;
            exceeded =
                    new X12Limits.Exceeded(
                            X12Limits.PREFIX + cap, value, s.ordinal(), s.offset(), message);
            problems.add(Problem.error(s.ordinal(), s.id(), null, s.offset(), message));
        }

        /** Element length: every element of every segment. */
        private boolean elementsTooLong(Segment s) {
            long max = limits.elementLength();
            int n = s.count();
            for (int i = 1; i <= n; i++) {
                int len = s.elementEnd(i) - s.elementStart(i);
                if (len > max) {
                    exceed(
                            "element-length",
                            max,
                            s,
                            s.id() + String.format("%02d", i) + " is " + len + " bytes long");
                    return true;
                }
            }
            return false;
        }

        /**
         * Claim structure inside a claim transaction: segments per claim and service lines per
         * claim.
         */
        private void claimCaps(Segment s, int tag) {
            if (claimKind == 0) return;
            boolean starts =
                    claimKind == 'R'
                            ? tag == ('C' << 16 | 'L' << 8 | 'P')
                            : tag == ('C' << 16 | 'L' << 8 | 'M');
            if (starts) {
                inClaim = true;
                claimOrdinal = s.ordinal();
                claimOffset = s.offset();
                claimSegments = 1;
                claimLines = 0;
                return;
            }
            if (!inClaim) return;
            if (claimKind != 'R' && tag == ('H' << 8 | 'L')) {
                inClaim = false;
                return;
            }
            if (++claimSegments > limits.segmentsPerClaim()) {
                exceed(
                        "segments-per-claim",
                        limits.segmentsPerClaim(),
                        s,
                        "the claim at segment "
                                + claimOrdinal
                                + " (byte "
                                + claimOffset
                                + ") has more segments");
                return;
            }
            boolean line =
                    claimKind == 'R'
                            ? tag == ('S' << 16 | 'V' << 8 | 'C')
                            : tag == ('L' << 8 | 'X');
            if (!line) return;
            claimLines++;
            String cap;
            long max;
            switch (claimKind) {
                case 'P' -> {
                    cap = "service-lines-837p";
                    max = limits.serviceLines837P();
                }
                case 'I' -> {
                    cap = "service-lines-837i";
                    max = limits.serviceLines837I();
                }
                default -> {
                    cap = "service-lines-835";
                    max = limits.serviceLines835();
                }
            }
            if (claimLines > max) {
                exceed(
                        cap,
                        max,
                        s,
                        "the claim at segment "
                                + claimOrdinal
                                + " (byte "
                                + claimOffset
                                + ") has more service lines");
            }
        }

        /**
         * Reads and routes one segment; false at the end. One method, on purpose bigger than the
         * JIT inlines (the envelope trailers are handled in line): compiled on its own with the
         * frequencies of a method called per segment, instead of being inlined, with everything it
         * calls, into an on-stack replacement of the loop in {@link #read}, a much bigger and later
         * compilation.
         */
        private boolean step() throws IOException {
            if (exceeded != null) return false;
            Segment s = reader.next();
            if (s == null) return false;
            segments++;
            if (elementsTooLong(s)) return false;
            int tag = s.tag();
            switch (tag) {
                case 'I' << 16 | 'S' << 8 | 'A' -> isa(s);
                case 'G' << 8 | 'S' -> gs(s);
                case 'S' << 8 | 'T' -> st(s);
                case 'S' << 8 | 'E' -> {
                    if (!stOpen) {
                        s.warn(0, "SE without ST");
                        return true;
                    }
                    setSegments++;
                    String count = s.element(1).trim();
                    if (!count.equals(Long.toString(setSegments))) {
                        s.warn(
                                1,
                                "SE01 is "
                                        + count
                                        + " but the transaction has "
                                        + setSegments
                                        + " segments");
                    }
                    if (!s.element(2).trim().equals(st02)) s.warn(2, "SE02 does not match ST02");
                    mapper.segment(s);
                    mapper.end(true);
                    mapper = TransactionMapper.IGNORE;
                    stOpen = false;
                }
                case 'G' << 8 | 'E' -> {
                    if (stOpen) closeUnterminatedSet(s);
                    if (!gsOpen) {
                        s.warn(0, "GE without GS");
                        return true;
                    }
                    String count = s.element(1).trim();
                    if (!count.equals(Integer.toString(setsInGroup))) {
                        s.warn(
                                1,
                                "GE01 is "
                                        + count
                                        + " but the group has "
                                        + setsInGroup
                                        + " transactions");
                    }
                    if (!s.element(2).trim().equals(gs06)) s.warn(2, "GE02 does not match GS06");
                    gsOpen = false;
                }
                case 'I' << 16 | 'E' << 8 | 'A' -> {
                    if (stOpen) closeUnterminatedSet(s);
                    if (gsOpen) closeUnterminatedGroup(s);
                    if (!isaOpen) {
                        s.warn(0, "IEA without ISA");
                        return true;
                    }
                    String count = s.element(1).trim();
                    if (!count.equals(Integer.toString(groupsInInterchange))) {
                        s.warn(
                                1,
                                "IEA01 is "
                                        + count
                                        + " but the interchange has "
                                        + groupsInInterchange
                                        + " groups");
                    }
                    if (!s.element(2).trim().equals(isa13)) s.warn(2, "IEA02 does not match ISA13");
                    isaOpen = false;
                }
                case 'T' << 16 | 'A' << 8 | '1' -> {
                    ta1 = true;
                    if (stOpen) inSet(s);
                }
                default -> {
                    if (stOpen) {
                        inSet(s);
                    } else if (!outsideReported) {
                        outsideReported = true;
                        s.warn(0, "segment outside a transaction (ST…SE) ignored");
                    }
                }
            }
            return true;
        }

        private void inSet(Segment s) {
            setSegments++;
            claimCaps(s, s.tag());
            if (exceeded != null) return;
            mapper.segment(s);
        }

        private void isa(Segment s) {
            if (stOpen) closeUnterminatedSet(s);
            if (gsOpen) closeUnterminatedGroup(s);
            if (isaOpen) {
                truncated(
                        Problem.error(
                                isaOrdinal,
                                "ISA",
                                null,
                                isaOffset,
                                "ISA at segment "
                                        + isaOrdinal
                                        + " (byte "
                                        + isaOffset
                                        + ") has no IEA before the next ISA: interchange truncated"));
            }
            isaOpen = true;
            interchanges++;
            isaOrdinal = s.ordinal();
            isaOffset = s.offset();
            isa13 = s.element(13).trim();
            groupsInInterchange = 0;
            outsideReported = false;
        }

        private void gs(Segment s) {
            if (stOpen) closeUnterminatedSet(s);
            if (gsOpen) closeUnterminatedGroup(s);
            gsOpen = true;
            gsOrdinal = s.ordinal();
            gsOffset = s.offset();
            gs06 = s.element(6).trim();
            gs08 = s.element(8).trim();
            setsInGroup = 0;
            groupsInInterchange++;
        }

        private void st(Segment s) {
            if (stOpen) closeUnterminatedSet(s);
            if (transactions >= limits.transactionsPerFile()) {
                exceed(
                        "transactions-per-file",
                        limits.transactionsPerFile(),
                        s,
                        "the file has more transactions (ST…SE sets)");
                return;
            }
            stOpen = true;
            stOrdinal = s.ordinal();
            stOffset = s.offset();
            st02 = s.element(2).trim();
            setSegments = 1;
            setsInGroup++;
            transactions++;
            String version = s.has(3) ? s.element(3).trim() : gs08;
            String type = classify(s.element(1).trim(), version);
            claimKind =
                    switch (type) {
                        case "837P" -> 'P';
                        case "837I" -> 'I';
                        case "835" -> 'R';
                        default -> 0;
                    };
            inClaim = false;
            types.merge(type, 1, Integer::sum);
            if (firstType == null) firstType = type;
            mapper =
                    switch (type) {
                        case "835" ->
                                totals != null
                                        ? new RemittanceTotalsMapper(totals)
                                        : new RemittanceMapper(handler, transactions, version);
                        case "837P", "837I" ->
                                new ClaimMapper(handler, type, transactions, gsOpen ? gs06 : null);
                        case "999", "997" -> new AckMapper(handler, type, transactions);
                        case "277CA", "277" -> new ClaimStatusMapper(handler, type, transactions);
                        case "271" -> new EligibilityMapper(handler, transactions);
                        default -> TransactionMapper.IGNORE;
                    };
            mapper.segment(s);
        }

        /**
         * An ST whose SE never came: the transaction is cut off where the next envelope segment (or
         * the end) is.
         */
        private void closeUnterminatedSet(Segment at) {
            String where =
                    at == null ? "the end of the file" : at.id() + " at segment " + at.ordinal();
            truncated(
                    Problem.error(
                            stOrdinal,
                            "ST",
                            null,
                            stOffset,
                            "ST at segment "
                                    + stOrdinal
                                    + " (byte "
                                    + stOffset
                                    + ") has no SE before "
                                    + where
                                    + ": transaction truncated"));
            mapper.end(false);
            mapper = TransactionMapper.IGNORE;
            stOpen = false;
        }

        /**
         * A GS whose GE never came. The functional group is an envelope like the interchange, so an
         * unclosed one makes the file truncated (docs/contracts.md §2), not just a finding: the
         * group is cut off where the next ISA, GS or IEA (or the end) is.
         */
        private void closeUnterminatedGroup(Segment at) {
            String where =
                    at == null ? "the end of the file" : at.id() + " at segment " + at.ordinal();
            truncated(
                    Problem.error(
                            gsOrdinal,
                            "GS",
                            null,
                            gsOffset,
                            "GS at segment "
                                    + gsOrdinal
                                    + " (byte "
                                    + gsOffset
                                    + ") has no GE before "
                                    + where
                                    + ": functional group truncated"));
            gsOpen = false;
        }

        private void truncated(Problem p) {
            problems.add(p);
            if (truncation == null) truncation = p.message();
        }
    }
}
