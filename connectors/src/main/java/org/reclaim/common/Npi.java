package org.reclaim.common;

/**
 * The National Provider Identifier's check digit: the Luhn formula over the nine identifier digits
 * prefixed with 80840 (CMS, "Requirements for Constructing the NPI Check Digit", NPPES).
 */
public final class Npi {

    private Npi() {}

    /** Ten digits whose last is the check digit of the first nine. */
    public static boolean isValid(String npi) {
        return npi != null
                && npi.length() == 10
                && npi.chars().allMatch(c -> c >= '0' && c <= '9')
                && checkDigit("80840" + npi.substring(0, 9)) == npi.charAt(9) - '0';
    }

    /** Luhn check digit for {@code digits} (the digit that would be appended). */
    public static int checkDigit(String digits) {
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
