package org.reclaim.x12.synth;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.Location;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file with StAEDI — an implementation independent of the generator's writer — into plain
 * segments (composites joined with ':'), collecting every error StAEDI reports, including its
 * envelope checks (control numbers, SE01/GE01/IEA01 counts).
 */
final class X12Segments {

    final List<String[]> segments = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    int interchanges;
    int groups;
    int transactions;

    static X12Segments read(byte[] bytes) throws Exception {
        X12Segments s = new X12Segments();
        EDIInputFactory factory = EDIInputFactory.newFactory();
        try (EDIStreamReader r = factory.createEDIStreamReader(new ByteArrayInputStream(bytes))) {
            List<String> current = null;
            while (r.hasNext()) {
                EDIStreamEvent event = r.next();
                switch (event) {
                    case START_INTERCHANGE:
                        s.interchanges++;
                        break;
                    case START_GROUP:
                        s.groups++;
                        break;
                    case START_TRANSACTION:
                        s.transactions++;
                        break;
                    case START_SEGMENT:
                        current = new ArrayList<>();
                        current.add(r.getText());
                        break;
                    case ELEMENT_DATA:
                        {
                            Location at = r.getLocation();
                            int element = at.getElementPosition();
                            while (current.size() <= element) current.add("");
                            String value = r.getText();
                            if (at.getComponentPosition() > 1) {
                                value =
                                        current.get(element)
                                                + ":"
                                                        .repeat(
                                                                at.getComponentPosition()
                                                                        - components(
                                                                                current.get(
                                                                                        element)))
                                                + value;
                            }
                            current.set(element, value);
                            break;
                        }
                    case END_SEGMENT:
                        s.segments.add(current.toArray(new String[0]));
                        break;
                    case SEGMENT_ERROR:
                    case ELEMENT_DATA_ERROR:
                    case ELEMENT_OCCURRENCE_ERROR:
                        s.errors.add(r.getErrorType() + " at " + r.getLocation());
                        break;
                    default:
                        break;
                }
            }
        }
        return s;
    }

    private static int components(String value) {
        int n = 1;
        for (int i = 0; i < value.length(); i++) if (value.charAt(i) == ':') n++;
        return n;
    }

    static String el(String[] segment, int i) {
        return i < segment.length ? segment[i] : "";
    }
}
