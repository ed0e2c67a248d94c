package org.reclaim.x12.synth;

/**
 * NPIs for invented providers: nine digits plus the Luhn check digit computed over the 80840
 * prefix.
 */
final class Npi {

    private Npi() {}

    static String fromBase(String nineDigits) {
        if (nineDigits.length() != 9)
            throw new IllegalArgumentException("need nine digits: " + nineDigits);
        return nineDigits + checkDigit("80840" + nineDigits);
    }

    static boolean isValid(String npi) {
        return npi != null
                && npi.length() == 10
                && npi.chars().allMatch(Character::isDigit)
                && checkDigit("80840" + npi.substring(0, 9)) == npi.charAt(9) - '0';
    }

    /** Luhn check digit for {@code digits} (the digit that would be appended). */
    private static int checkDigit(String digits) {
        int sum = 0;
        boolean doubled = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }
}
