package org.reclaim.prevention.learn;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Small made-up 837P and 835 files: one claim line per claim, the answers chosen by the test. */
final class History {

    private static final DateTimeFormatter D8 = DateTimeFormatter.BASIC_ISO_DATE;
    private static final AtomicInteger SEQ = new AtomicInteger(100);

    private History() {}

    /**
     * One claim of one line.
     *
     * @param auth REF*G1, or null
     * @param modifier the line's modifier, or null
     */
    record Claim(
            String pcn,
            String payerId,
            String procedure,
            String modifier,
            String dx,
            String auth,
            String charge,
            LocalDate dos) {}

    /** How a claim was answered: carc null means paid in full. */
    record Answer(Claim claim, String carc) {}

    static String claims(LocalDate submitted, List<Claim> claims) {
        int n = SEQ.incrementAndGet();
        StringBuilder b = new StringBuilder();
        b.append("BHT*0019*00*B")
                .append(n)
                .append('*')
                .append(D8.format(submitted))
                .append("*1057*CH~\n");
        b.append(
                """
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
            b.append("HL*").append(hl++).append("*1*22*0~\n");
            b.append("SBR*P*18*GRP750923******CI~\n");
            b.append("NM1*IL*1*TESTPATIENT*FINLEY****MI*M").append(c.pcn()).append("~\n");
            b.append("N3*9 PLACEHOLDER PLACE~\nN4*TESTVILLE*OH*43215~\nDMG*D8*19571026*M~\n");
            b.append("NM1*PR*2*TEST PAYER ")
                    .append(c.payerId())
                    .append("*****PI*")
                    .append(c.payerId())
                    .append("~\n");
            b.append("CLM*")
                    .append(c.pcn())
                    .append('*')
                    .append(c.charge())
                    .append("***11:B:1*Y*A*Y*Y~\n");
            if (c.auth() != null) b.append("REF*G1*").append(c.auth()).append("~\n");
            b.append("HI*ABK:").append(c.dx()).append("~\n");
            b.append("NM1*82*1*SAMPLEPHYSICIAN*JORDAN****XX*1990000121~\n");
            b.append("LX*1~\n");
            b.append("SV1*HC:")
                    .append(c.procedure())
                    .append(c.modifier() == null ? "" : ":" + c.modifier())
                    .append('*')
                    .append(c.charge())
                    .append("*UN*1***1~\n");
            b.append("DTP*472*D8*").append(D8.format(c.dos())).append("~\n");
        }
        return envelope(
                "HC", "005010X222A1", "837", b.toString(), n, "RECLAIMSYNTH   ", "TESTCLEARHOUSE ");
    }

    static String answers(LocalDate paid, String payerId, List<Answer> answers) {
        int n = SEQ.incrementAndGet();
        long total = 0;
        StringBuilder claims = new StringBuilder();
        int lx = 1;
        for (Answer a : answers) {
            Claim c = a.claim();
            String charge = c.charge();
            String amount = a.carc() == null ? charge : "0";
            if (a.carc() == null) total += Long.parseLong(charge);
            claims.append("LX*").append(lx++).append("~\n");
            claims.append("CLP*")
                    .append(c.pcn())
                    .append('*')
                    .append(a.carc() == null ? "1" : "4")
                    .append('*')
                    .append(charge)
                    .append('*')
                    .append(amount)
                    .append("**CI*PCN")
                    .append(c.pcn())
                    .append("*11*1~\n");
            claims.append("NM1*QC*1*TESTPATIENT*FINLEY****MI*M").append(c.pcn()).append("~\n");
            claims.append("DTM*050*").append(D8.format(paid)).append("~\n");
            claims.append("SVC*HC:")
                    .append(c.procedure())
                    .append(c.modifier() == null ? "" : ":" + c.modifier())
                    .append('*')
                    .append(charge)
                    .append('*')
                    .append(amount)
                    .append("**1~\n");
            claims.append("DTM*472*").append(D8.format(c.dos())).append("~\n");
            if (a.carc() != null)
                claims.append("CAS*CO*").append(a.carc()).append('*').append(charge).append("~\n");
        }
        String body =
                "BPR*H*"
                        + total
                        + "*C*NON************"
                        + D8.format(paid)
                        + "~\n"
                        + "TRN*1*TR"
                        + n
                        + "*1990000104~\n"
                        + "DTM*405*"
                        + D8.format(paid)
                        + "~\n"
                        + "N1*PR*TEST PAYER "
                        + payerId
                        + "*XV*"
                        + payerId
                        + "~\n"
                        + "N3*1 TEST PAYER PLAZA~\nN4*TESTVILLE*OH*43215~\n"
                        + "N1*PE*TEST FAMILY MEDICINE GROUP*XX*1990000105~\n"
                        + "N3*100 SYNTHETIC WAY~\nN4*TESTVILLE*OH*432150001~\n"
                        + claims;
        return envelope("HP", "005010X221A1", "835", body, n, "TESTPAYERS     ", "RECLAIMSYNTH   ");
    }

    private static String envelope(
            String group,
            String version,
            String set,
            String body,
            int n,
            String sender,
            String receiver) {
        String control = String.format("%09d", n);
        int segments = body.split("~").length - 1 + 2;
        return "ISA*00*          *00*          *ZZ*"
                + sender
                + "*ZZ*"
                + receiver
                + "*250120*1057*^*00501*"
                + control
                + "*0*T*:~\n"
                + "GS*"
                + group
                + "*"
                + sender.strip()
                + "*"
                + receiver.strip()
                + "*20250120*1057*"
                + n
                + "*X*"
                + version
                + "~\n"
                + "ST*"
                + set
                + "*"
                + String.format("%04d", n % 10000)
                + (set.equals("837") ? "*" + version : "")
                + "~\n"
                + body
                + "SE*"
                + segments
                + "*"
                + String.format("%04d", n % 10000)
                + "~\nGE*1*"
                + n
                + "~\nIEA*1*"
                + control
                + "~\n";
    }
}
