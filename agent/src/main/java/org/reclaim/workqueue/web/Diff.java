package org.reclaim.workqueue.web;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence): enough for a claim of a few hundred lines. */
final class Diff {

    enum Kind {
        SAME,
        DELETED,
        ADDED
    }

    record Line(Kind kind, String text) {
        public String css() {
            return switch (kind) {
                case SAME -> "";
                case DELETED -> "diff-del";
                case ADDED -> "diff-add";
            };
        }

        public String mark() {
            return switch (kind) {
                case SAME -> "  ";
                case DELETED -> "- ";
                case ADDED -> "+ ";
            };
        }
    }

    private Diff() {}

    static List<Line> lines(String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] =
                        a[i].equals(b[j])
                                ? lcs[i + 1][j + 1] + 1
                                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add(new Line(Kind.SAME, a[i]));
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line(Kind.DELETED, a[i++]));
            } else {
                out.add(new Line(Kind.ADDED, b[j++]));
            }
        }
        while (i < a.length) out.add(new Line(Kind.DELETED, a[i++]));
        while (j < b.length) out.add(new Line(Kind.ADDED, b[j++]));
        return out;
    }

    static boolean changed(List<Line> lines) {
        return lines.stream().anyMatch(l -> l.kind() != Kind.SAME);
    }
}
