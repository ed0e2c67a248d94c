package org.reclaim.remittance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.reclaim.x12.remit.Adjustment;

/**
 * The stored form of a claim's or line's CAS triplets: {@code group:carc:amount:quantity:workable}
 * per adjustment ({@code workable} is {@code t} or {@code f}, {@code quantity} may be empty),
 * joined by {@code ;}, in file order. A {@code %}, {@code :} or {@code ;} inside a value is written
 * {@code %25}, {@code %3A}, {@code %3B}, so any code a file holds survives the round trip.
 */
public final class AdjustmentText {

    /** One decoded adjustment. */
    public record Entry(
            String group, String carc, BigDecimal amount, BigDecimal quantity, boolean workable) {}

    private AdjustmentText() {}

    public static String encode(List<Adjustment> adjustments, Predicate<Adjustment> workable) {
        if (adjustments.isEmpty()) return "";
        StringBuilder b = new StringBuilder(adjustments.size() * 16);
        for (Adjustment a : adjustments) {
            if (b.length() > 0) b.append(';');
            value(b, a.group()).append(':');
            value(b, a.carc()).append(':').append(a.amount()).append(':');
            if (a.quantity() != null) b.append(a.quantity().toPlainString());
            b.append(':').append(workable.test(a) ? 't' : 'f');
        }
        return b.toString();
    }

    public static List<Entry> decode(String text) {
        if (text == null || text.isEmpty()) return List.of();
        List<Entry> out = new ArrayList<>();
        for (String entry : text.split(";", -1)) {
            String[] f = entry.split(":", -1);
            if (f.length != 5)
                throw new IllegalArgumentException("not a stored adjustment: " + entry);
            out.add(
                    new Entry(
                            unescape(f[0]),
                            unescape(f[1]),
                            new BigDecimal(f[2]),
                            f[3].isEmpty() ? null : new BigDecimal(f[3]),
                            "t".equals(f[4])));
        }
        return out;
    }

    private static StringBuilder value(StringBuilder b, String v) {
        if (v == null) return b;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '%' -> b.append("%25");
                case ':' -> b.append("%3A");
                case ';' -> b.append("%3B");
                default -> b.append(c);
            }
        }
        return b;
    }

    private static String unescape(String v) {
        if (v.indexOf('%') < 0) return v;
        return v.replace("%3A", ":").replace("%3B", ";").replace("%25", "%");
    }
}
