package org.reclaim.connector.packet;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an appeal packet says, in the order it is printed: the letter, then the summary tables
 * (claim, denied lines…), then the evidence index.
 *
 * @param reference printed in every page's footer so that a faxed page finds its claim (e.g. "Claim
 *     1234567 / Patient account PT-1001")
 * @param title heading of the first page
 * @param letter the letter's text; line breaks are kept, long lines are wrapped
 * @param tables summary tables
 * @param evidence names of the documents sent with the packet, in exhibit order
 * @param pages enclosures the packet carries itself, each printed from a page of its own after the
 *     evidence index (e.g. the proof of timely filing assembled from the payer's acknowledgments)
 */
public record PacketContent(
        String reference,
        String title,
        String letter,
        List<Table> tables,
        List<String> evidence,
        List<Page> pages) {

    public PacketContent {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(letter, "letter");
        tables = List.copyOf(tables == null ? List.of() : tables);
        evidence = List.copyOf(evidence == null ? List.of() : evidence);
        pages = List.copyOf(pages == null ? List.of() : pages);
    }

    /** A packet with no enclosed pages of its own. */
    public PacketContent(
            String reference,
            String title,
            String letter,
            List<Table> tables,
            List<String> evidence) {
        this(reference, title, letter, tables, evidence, List.of());
    }

    /**
     * An enclosure printed on pages of its own: a heading, paragraphs (line breaks kept), then
     * tables.
     *
     * @param name the enclosure's name as the evidence index and the packet's attachments list it
     */
    public record Page(String name, String title, String text, List<Table> tables) {

        public Page {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(title, "title");
            text = text == null ? "" : text;
            tables = List.copyOf(tables == null ? List.of() : tables);
        }
    }

    /**
     * A table with a caption, column headers and rows of cells (each row as many cells as headers).
     */
    public record Table(String caption, List<String> headers, List<List<String>> rows) {

        public Table {
            Objects.requireNonNull(caption, "caption");
            headers = List.copyOf(headers);
            if (headers.isEmpty())
                throw new IllegalArgumentException("a table needs at least one column");
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> row : rows) {
                if (row.size() != headers.size()) {
                    throw new IllegalArgumentException(
                            "table '"
                                    + caption
                                    + "': a row of "
                                    + row.size()
                                    + " cells under "
                                    + headers.size()
                                    + " headers");
                }
            }
        }

        /** A two-column label/value table, in the map's iteration order. */
        public static Table fields(String caption, Map<String, String> fields) {
            return new Table(
                    caption,
                    List.of("Item", "Value"),
                    fields.entrySet().stream()
                            .map(e -> List.of(e.getKey(), e.getValue() == null ? "" : e.getValue()))
                            .toList());
        }
    }
}
