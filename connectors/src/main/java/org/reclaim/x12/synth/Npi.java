package org.reclaim.x12.synth;

/**
 * NPIs for invented providers: nine digits plus the check digit ({@link org.reclaim.common.Npi}).
 */
final class Npi {

    private Npi() {}

    static String fromBase(String nineDigits) {
        if (nineDigits.length() != 9)
            throw new IllegalArgumentException("need nine digits: " + nineDigits);
        return nineDigits + org.reclaim.common.Npi.checkDigit("80840" + nineDigits);
    }

    static boolean isValid(String npi) {
        return org.reclaim.common.Npi.isValid(npi);
    }
}
