package org.reclaim.x12.synth;

import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.Money;

/** A tiny 835 model rebuilt from StAEDI's segments, for recomputing what the generator claims. */
final class Remit {

    record Cas(String group, String carc, long amount) {}

    static final class Line {
        String procedure;
        long charge;
        long paid;
        final List<Cas> cas = new ArrayList<>();
        final List<String> rarcs = new ArrayList<>();
    }

    static final class Claim {
        String pcn;
        String status;
        long charge;
        long paid;
        String payerClaimNumber;
        String originalPayerClaimNumber;
        final List<Cas> cas = new ArrayList<>();
        final List<Line> lines = new ArrayList<>();

        long allCas() {
            long sum = 0;
            for (Cas c : cas) sum += c.amount();
            for (Line l : lines) for (Cas c : l.cas) sum += c.amount();
            return sum;
        }
    }

    static final class Transaction {
        String control;
        long bpr02;
        String bpr03;
        String payerId;
        String payeeId;
        String trace;
        long plbTotal;
        int plbCount;
        final List<Claim> claims = new ArrayList<>();
    }

    final List<Transaction> transactions = new ArrayList<>();

    static long cents(String s) {
        return s.isEmpty() ? 0 : Money.parse(s).cents();
    }

    static Remit of(List<String[]> segments) {
        Remit remit = new Remit();
        Transaction t = null;
        Claim c = null;
        Line l = null;
        for (String[] s : segments) {
            String id = s[0];
            switch (id) {
                case "ST":
                    t = new Transaction();
                    t.control = s[2];
                    remit.transactions.add(t);
                    c = null;
                    l = null;
                    break;
                case "BPR":
                    t.bpr02 = cents(s[2]);
                    t.bpr03 = s[3];
                    break;
                case "TRN":
                    t.trace = s[2];
                    break;
                case "N1":
                    if (s[1].equals("PR")) t.payerId = X12Segments.el(s, 4);
                    if (s[1].equals("PE")) t.payeeId = X12Segments.el(s, 4);
                    break;
                case "CLP":
                    c = new Claim();
                    c.pcn = s[1];
                    c.status = s[2];
                    c.charge = cents(s[3]);
                    c.paid = cents(s[4]);
                    c.payerClaimNumber = X12Segments.el(s, 7);
                    t.claims.add(c);
                    l = null;
                    break;
                case "REF":
                    if (c != null && l == null && s[1].equals("F8"))
                        c.originalPayerClaimNumber = s[2];
                    break;
                case "SVC":
                    l = new Line();
                    l.procedure = s[1];
                    l.charge = cents(s[2]);
                    l.paid = cents(s[3]);
                    c.lines.add(l);
                    break;
                case "CAS":
                    for (int i = 2; i < s.length; i += 3) {
                        if (s[i].isEmpty()) continue;
                        Cas cas = new Cas(s[1], s[i], cents(X12Segments.el(s, i + 1)));
                        if (l != null) l.cas.add(cas);
                        else c.cas.add(cas);
                    }
                    break;
                case "LQ":
                    l.rarcs.add(s[2]);
                    break;
                case "PLB":
                    for (int i = 3; i + 1 < s.length; i += 2) {
                        t.plbTotal += cents(s[i + 1]);
                        t.plbCount++;
                    }
                    c = null;
                    l = null;
                    break;
                default:
                    break;
            }
        }
        return remit;
    }

    List<Claim> claims() {
        List<Claim> all = new ArrayList<>();
        for (Transaction t : transactions) all.addAll(t.claims);
        return all;
    }
}
