package org.reclaim.payeranswer;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * 835s written by hand for the answer tests, with synthetic values: who pays (TRN03 and N1*PR), the
 * claim's payer claim number (CLP07) and the one it replaces (REF*F8).
 */
public final class Remit835 {

    private Remit835() {}

    /** Fictitious plan A of config/payers.yml, by its listed identifier. */
    public static final String PLAN_A = "1990000103";

    /** Fictitious plan B of config/payers.yml: another payer, here the secondary. */
    static final String PLAN_B = "1990000104";

    public static String x12(LocalDate d) {
        return d.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    /** A service line dated {@code 472}; {@code cas}: its CAS elements after "CAS*", or null. */
    public static String line(String procedure, LocalDate date, int charge, int paid, String cas) {
        return "SVC*HC:"
                + procedure
                + "*"
                + charge
                + "*"
                + paid
                + "**1~DTM*472*"
                + x12(date)
                + "~"
                + (cas == null ? "" : "CAS*" + cas + "~");
    }

    /**
     * One CLP loop.
     *
     * @param status CLP02 (1 primary, 2 secondary, 22 reversal)
     * @param replaces REF*F8 (the payer claim number this adjudication replaces), or null
     * @param claimCas claim-level CAS segments, or ""
     */
    public static String claim(
            String pcn,
            String status,
            int charge,
            int paid,
            String payerClaimNumber,
            String replaces,
            String claimCas,
            String... lines) {
        return "CLP*"
                + pcn
                + "*"
                + status
                + "*"
                + charge
                + "*"
                + paid
                + "**12*"
                + payerClaimNumber
                + "~"
                + claimCas
                + "NM1*QC*1*SYNTHETIC*PATIENT****MI*SYN"
                + pcn
                + "~"
                + (replaces == null ? "" : "REF*F8*" + replaces + "~")
                + String.join("", lines);
    }

    /** One payment from {@code payer} (its TRN03, and its N1*PR04 with qualifier XV). */
    public static String remit(
            String trace, LocalDate date, int payment, String payer, String... claims) {
        String body =
                "ST*835*0001~BPR*I*"
                        + payment
                        + "*C*CHK************"
                        + x12(date)
                        + "~TRN*1*"
                        + trace
                        + "*"
                        + payer
                        + "~DTM*405*"
                        + x12(date)
                        + "~N1*PR*SYNTHETIC PAYER "
                        + payer
                        + "*XV*"
                        + payer
                        + "~N1*PE*SYNTHETIC CLINIC*XX*1999999999~LX*1~"
                        + String.join("", claims);
        int segments = body.split("~").length + 1;
        return "ISA*00*          *00*          *ZZ*SYNPAYER       *ZZ*SYNCLINIC      *261001*1200*^*00501*000000001*0*T*:~"
                + "GS*HP*SYNPAYER*SYNCLINIC*"
                + x12(date)
                + "*1200*1*X*005010X221A1~"
                + body
                + "SE*"
                + segments
                + "*0001~"
                + "GE*1*1~IEA*1*000000001~";
    }
}
