package org.reclaim.x12.synth;

import java.time.LocalDate;

/**
 * ISA/GS … GE/IEA around the transactions of one file; one interchange with one functional group.
 */
final class Envelope {

    private final SegmentWriter w;
    private final String controlNumber;
    private final long groupControlNumber;
    private long transactions;

    Envelope(SegmentWriter w, long controlNumber) {
        this.w = w;
        this.controlNumber = Planner.pad(controlNumber, 9);
        this.groupControlNumber = controlNumber;
    }

    void open(
            String sender,
            String receiver,
            LocalDate date,
            String time,
            String functionalId,
            String version) {
        w.seg("ISA")
                .e("00")
                .e(" ".repeat(10))
                .e("00")
                .e(" ".repeat(10))
                .e("ZZ")
                .e(fixed(sender))
                .e("ZZ")
                .e(fixed(receiver))
                .e(
                        Integer.toString(date.getYear() % 100 + 100).substring(1)
                                + two(date.getMonthValue())
                                + two(date.getDayOfMonth()))
                .e(time)
                .e("^")
                .e("00501")
                .e(controlNumber)
                .e("0")
                .e("T")
                .e(":")
                .end();
        w.seg("GS")
                .e(functionalId)
                .e(sender)
                .e(receiver)
                .date(date)
                .e(time)
                .e(groupControlNumber)
                .e("X")
                .e(version)
                .end();
    }

    /** ST02 of the next transaction. */
    String nextTransaction() {
        return Planner.pad(++transactions, 4);
    }

    long transactions() {
        return transactions;
    }

    void close() {
        w.seg("GE").e(transactions).e(groupControlNumber).end();
        w.seg("IEA").e(1).e(controlNumber).end();
        w.flush();
    }

    private static String fixed(String id) {
        return id.length() >= 15 ? id.substring(0, 15) : id + " ".repeat(15 - id.length());
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
