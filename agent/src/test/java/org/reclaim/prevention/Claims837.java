package org.reclaim.prevention;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.ClaimScrub;
import org.reclaim.scrub.Scrubber;
import org.reclaim.x12.X12Limits;

/**
 * Synthetic 837P files for the scrubber's tests: claims of the generator's fictitious practice
 * (valid NPIs), one subscriber loop each, built field by field.
 */
public final class Claims837 {

    private static final DateTimeFormatter D8 = DateTimeFormatter.BASIC_ISO_DATE;

    /** One service line: procedure, modifiers (comma-separated, may be empty), units, charge. */
    public record Line(String procedure, String modifiers, int units, int charge, LocalDate dos) {}

    /** One claim. */
    public static final class Claim {
        final String pcn;
        String payerId = "TSTCOMB2";
        String payerName = "TEST COMMERCIAL HEALTH PLAN B";
        String frequency = "1";
        String f8;
        String g1;
        final List<Line> lines = new ArrayList<>();

        Claim(String pcn) {
            this.pcn = pcn;
        }

        public Claim payer(String id, String name) {
            this.payerId = id;
            this.payerName = name;
            return this;
        }

        public Claim frequency(String frequency, String f8) {
            this.frequency = frequency;
            this.f8 = f8;
            return this;
        }

        public Claim priorAuthorization(String g1) {
            this.g1 = g1;
            return this;
        }

        public Claim line(String procedure, String modifiers, int units, LocalDate dos) {
            lines.add(new Line(procedure, modifiers, units, 100, dos));
            return this;
        }
    }

    private Claims837() {}

    public static Claim claim(String pcn) {
        return new Claim(pcn);
    }

    /** An 837P interchange holding the claims in one transaction, in order. */
    public static String file(Claim... claims) {
        StringBuilder body = new StringBuilder();
        body.append(
                """
                BHT*0019*00*B1*20260101*1057*CH~
                NM1*41*2*RECLAIM SYNTHETIC SUBMITTER*****46*RECLAIMSYNTH~
                PER*IC*TEST BILLING CONTACT*TE*5555550100~
                NM1*40*2*TEST CLEARINGHOUSE*****46*TESTCLEARHOUSE~
                HL*1**20*1~
                PRV*BI*PXC*207Q00000X~
                NM1*85*2*TEST FAMILY MEDICINE GROUP*****XX*1990000105~
                N3*100 SYNTHETIC WAY~
                N4*TESTVILLE*OH*432150001~
                REF*EI*990000201~
                """);
        int hl = 2;
        for (Claim c : claims) {
            int total = 0;
            for (Line l : c.lines) total += l.charge();
            body.append("HL*").append(hl++).append("*1*22*0~\n");
            body.append(
                    """
                    SBR*P*18*GRP750923******CI~
                    NM1*IL*1*TESTPATIENT*FINLEY****MI*TST371272069~
                    N3*9 PLACEHOLDER PLACE~
                    N4*TESTVILLE*OH*43215~
                    DMG*D8*19571026*M~
                    """);
            body.append("NM1*PR*2*")
                    .append(c.payerName)
                    .append("*****PI*")
                    .append(c.payerId)
                    .append("~\n");
            body.append("CLM*")
                    .append(c.pcn)
                    .append('*')
                    .append(total)
                    .append("***11:B:")
                    .append(c.frequency)
                    .append("*Y*A*Y*Y~\n");
            if (c.g1 != null) body.append("REF*G1*").append(c.g1).append("~\n");
            if (c.f8 != null) body.append("REF*F8*").append(c.f8).append("~\n");
            body.append(
                    """
                    HI*ABK:L600*ABF:I10~
                    NM1*82*1*SAMPLEPHYSICIAN*JORDAN****XX*1990000121~
                    PRV*PE*PXC*207Q00000X~
                    """);
            int n = 1;
            for (Line l : c.lines) {
                body.append("LX*").append(n++).append("~\n");
                body.append("SV1*HC:")
                        .append(l.procedure())
                        .append(
                                l.modifiers().isEmpty()
                                        ? ""
                                        : ":" + l.modifiers().replace(",", ":"))
                        .append('*')
                        .append(l.charge())
                        .append("*UN*")
                        .append(l.units())
                        .append("***1~\n");
                body.append("DTP*472*D8*").append(D8.format(l.dos())).append("~\n");
            }
        }
        int segments = body.toString().split("~").length - 1 + 2;
        return "ISA*00*          *00*          *ZZ*RECLAIMSYNTH   *ZZ*TESTCLEARHOUSE *260101*1057*^*00501*000000017*0*T*:~\n"
                + "GS*HC*RECLAIMSYNTH*TESTCLEARHOUSE*20260101*1057*17*X*005010X222A1~\n"
                + "ST*837*0001*005010X222A1~\n"
                + body
                + "SE*"
                + segments
                + "*0001~\nGE*1*17~\nIEA*1*000000017~\n";
    }

    /** The file's claims scrubbed by these rules alone. */
    public static List<ClaimScrub> scrub(List<ClaimRule> rules, LocalDate today, Claim... claims) {
        try {
            Scrubber.Result r =
                    new Scrubber(rules)
                            .scrubFile(
                                    new ByteArrayInputStream(
                                            file(claims).getBytes(StandardCharsets.ISO_8859_1)),
                                    today,
                                    X12Limits.DEFAULT);
            if (r.report().error() != null)
                throw new IllegalStateException("test file unreadable: " + r.report().error());
            return r.claims();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
