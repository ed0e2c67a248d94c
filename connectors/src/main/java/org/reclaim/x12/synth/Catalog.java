package org.reclaim.x12.synth;

/**
 * The invented world the generator draws from: payers, practices, procedures, diagnoses and names.
 * Everything here is synthetic; procedure and diagnosis codes are real codes so that the files look
 * like real traffic, and fees are round invented numbers.
 */
final class Catalog {

    private Catalog() {}

    /**
     * @param allowedRatio typical allowed ÷ charge
     * @param patientShareCarcs PR reason codes this payer uses on paid lines, most common first
     */
    record Payer(
            int index,
            String id,
            String name,
            String kind,
            String filingCode,
            String tin,
            boolean ach,
            double allowedRatio,
            String[] patientShareCarcs,
            String claimPrefix,
            double weight) {}

    record Doctor(String lastName, String firstName, String npi) {}

    record Practice(
            int index,
            String name,
            String npi,
            String ein,
            String taxonomy,
            String street,
            String city,
            String state,
            String zip,
            Doctor[] doctors,
            double weight) {}

    /**
     * @param procedure true for procedures that justify modifier 25 on the visit billed with them
     */
    record Procedure(String code, long fee, int maxUnits, String[] modifiers, boolean procedure) {}

    static final String SUBMITTER_ID = "RECLAIMSYNTH";
    static final String SUBMITTER_NAME = "RECLAIM SYNTHETIC SUBMITTER";
    static final String CLEARINGHOUSE_ID = "TESTCLEARHOUSE";
    static final String CLEARINGHOUSE_NAME = "TEST CLEARINGHOUSE";
    static final String PAYERS_SENDER_ID = "TESTPAYERS";
    static final String PAYER_ROUTING = "999999992";
    static final String PAYEE_ROUTING = "123456780";

    static final Payer[] PAYERS = {
        new Payer(
                0,
                "TSTMCR01",
                "TEST MEDICARE MAC JURISDICTION Z",
                "MEDICARE",
                "MB",
                "990000101",
                true,
                0.52,
                new String[] {"2", "1"},
                "MCR",
                30),
        new Payer(
                1,
                "TSTMCD01",
                "TEST STATE MEDICAID PLAN",
                "MEDICAID",
                "MC",
                "990000102",
                true,
                0.45,
                new String[] {"3"},
                "MCD",
                15),
        new Payer(
                2,
                "TSTCOMA1",
                "TEST COMMERCIAL HEALTH PLAN A",
                "COMMERCIAL",
                "CI",
                "990000103",
                true,
                0.68,
                new String[] {"3", "2", "1"},
                "CPA",
                25),
        new Payer(
                3,
                "TSTCOMB2",
                "TEST COMMERCIAL HEALTH PLAN B",
                "COMMERCIAL",
                "CI",
                "990000104",
                false,
                0.64,
                new String[] {"2", "1", "3"},
                "CPB",
                15),
        new Payer(
                4,
                "TSTMAP01",
                "TEST MEDICARE ADVANTAGE PLAN",
                "MEDICARE_ADVANTAGE",
                "16",
                "990000105",
                true,
                0.55,
                new String[] {"3", "2"},
                "MAP",
                15),
    };

    static final double[] PAYER_WEIGHTS;

    static {
        double[] w = new double[PAYERS.length];
        for (int i = 0; i < w.length; i++) w[i] = PAYERS[i].weight();
        PAYER_WEIGHTS = Rng.cumulative(w);
    }

    /**
     * The payer a secondary claim's primary was, by secondary payer index; -1 when that payer is
     * never secondary.
     */
    static int primaryOf(Payer secondary) {
        switch (secondary.kind()) {
            case "MEDICAID":
                return 0;
            case "COMMERCIAL":
                return secondary.index() == 3 ? 2 : -1;
            default:
                return -1;
        }
    }

    static final Practice[] PRACTICES = {
        new Practice(
                0,
                "TEST FAMILY MEDICINE GROUP",
                Npi.fromBase("199000010"),
                "990000201",
                "207Q00000X",
                "100 SYNTHETIC WAY",
                "TESTVILLE",
                "OH",
                "432150001",
                new Doctor[] {
                    new Doctor("TESTDOCTOR", "ALEX", Npi.fromBase("199000011")),
                    new Doctor("SAMPLEPHYSICIAN", "JORDAN", Npi.fromBase("199000012")),
                    new Doctor("DEMOCLINICIAN", "CASEY", Npi.fromBase("199000013")),
                },
                65),
        new Practice(
                1,
                "TEST ORTHOPEDIC ASSOCIATES",
                Npi.fromBase("199000020"),
                "990000202",
                "207X00000X",
                "200 EXAMPLE AVENUE",
                "SAMPLEBURG",
                "OH",
                "432160002",
                new Doctor[] {
                    new Doctor("MOCKSURGEON", "RILEY", Npi.fromBase("199000021")),
                    new Doctor("FICTIONDOC", "MORGAN", Npi.fromBase("199000022")),
                },
                35),
    };

    static final double[] PRACTICE_WEIGHTS =
            Rng.cumulative(PRACTICES[0].weight(), PRACTICES[1].weight());

    private static final String[] NONE = {};

    static final Procedure[] VISITS = {
        new Procedure("99212", 9500, 1, NONE, false),
        new Procedure("99213", 13500, 1, NONE, false),
        new Procedure("99213", 13500, 1, NONE, false),
        new Procedure("99214", 19500, 1, NONE, false),
        new Procedure("99214", 19500, 1, NONE, false),
        new Procedure("99215", 26000, 1, NONE, false),
        new Procedure("99203", 17500, 1, NONE, false),
        new Procedure("99204", 26500, 1, NONE, false),
        new Procedure("99396", 24000, 1, NONE, false),
        new Procedure("G0439", 19000, 1, NONE, false),
    };

    static final Procedure[] SERVICES = {
        new Procedure("36415", 1500, 1, NONE, false),
        new Procedure("85025", 2800, 1, NONE, false),
        new Procedure("80053", 3900, 1, NONE, false),
        new Procedure("81002", 1200, 1, NONE, false),
        new Procedure("87880", 2500, 1, NONE, false),
        new Procedure("93000", 6500, 1, NONE, false),
        new Procedure("71046", 9500, 1, NONE, false),
        new Procedure("97110", 4800, 4, new String[] {"GP"}, false),
        new Procedure("97140", 4500, 3, new String[] {"GP", "59"}, false),
        new Procedure("20610", 21000, 1, new String[] {"RT", "LT"}, true),
        new Procedure("96372", 4200, 1, NONE, true),
        new Procedure("J1100", 800, 10, NONE, false),
        new Procedure("90471", 3000, 1, NONE, false),
        new Procedure("90686", 2800, 1, NONE, false),
        new Procedure("17110", 18000, 1, NONE, true),
        new Procedure("11721", 7500, 1, NONE, true),
        new Procedure("69210", 9000, 1, new String[] {"RT", "LT"}, true),
        new Procedure("73562", 11000, 1, new String[] {"RT", "LT"}, false),
    };

    static final String[] DIAGNOSES = {
        "J069", "I10", "E119", "E785", "M5450", "R051", "Z0000", "M1711", "M1712", "J029", "N390",
        "K219", "F419", "G4700", "Z23", "L570", "M25561", "B079", "H6121", "E039", "R739", "Z1331",
    };

    static final String[] LAST_NAMES = {
        "TESTPATIENT",
        "SAMPLEPERSON",
        "DEMOMEMBER",
        "SYNTHETIC",
        "FICTIONAL",
        "MOCKPATIENT",
        "EXAMPLEPERSON",
        "PLACEHOLDER",
        "TESTSUBJECT",
        "DUMMYRECORD",
    };

    static final String[] FIRST_NAMES = {
        "ALEX", "JORDAN", "CASEY", "RILEY", "MORGAN", "TAYLOR", "JAMIE", "AVERY", "QUINN", "ROWAN",
        "SKYLER", "DAKOTA", "EMERSON", "FINLEY", "HAYDEN", "PARKER",
    };

    static final String[] STREETS = {
        "1 TEST LANE",
        "22 SAMPLE ROAD",
        "305 EXAMPLE COURT",
        "47 DEMO DRIVE",
        "9 PLACEHOLDER PLACE",
    };

    static final String[] PLACES_OF_SERVICE = {
        "11", "11", "11", "11", "11", "11", "22", "02", "12", "11"
    };

    static final long[] COPAYS = {1000, 1500, 2000, 2500, 3000, 4000};
}
