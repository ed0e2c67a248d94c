package org.reclaim.inbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether an X12 file's outermost envelope is closed: a file that starts with an ISA header ends
 * with an IEA segment. The ISA segment has a fixed length of 106 characters; its fourth character
 * is the element separator and its last the segment terminator (ASC X12 005010 control segments,
 * ISA/IEA).
 */
final class Envelopes {

    private static final int ISA_LENGTH = 106;
    private static final int TAIL = 512;

    private Envelopes() {}

    /**
     * True for a file whose interchange is closed, and for a file that does not start with an ISA
     * header (there is no envelope to wait for: it is read, and refused if it is not X12).
     */
    static boolean closed(Path file) throws IOException {
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 3 + ISA_LENGTH));
            while (head.hasRemaining() && ch.read(head) >= 0) {}
            String start =
                    new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
            int skip = 0;
            if (start.startsWith("\u00ef\u00bb\u00bf")) skip = 3; // a UTF-8 byte-order mark
            start = start.substring(skip);
            if (!start.startsWith("ISA")) return true;
            if (start.length() < ISA_LENGTH) return false;
            char separator = start.charAt(3);
            char terminator = start.charAt(ISA_LENGTH - 1);
            long from = Math.max(skip + ISA_LENGTH, size - TAIL);
            ByteBuffer tail = ByteBuffer.allocate((int) (size - from));
            ch.position(from);
            while (tail.hasRemaining() && ch.read(tail) >= 0) {}
            String end = new String(tail.array(), 0, tail.position(), StandardCharsets.ISO_8859_1);
            int last = end.length();
            while (last > 0
                    && (Character.isWhitespace(end.charAt(last - 1))
                            || end.charAt(last - 1) == terminator)) {
                last--;
            }
            int segment = end.lastIndexOf(terminator, last - 1) + 1;
            if (segment == 0 && from > skip + ISA_LENGTH)
                return false; // one segment over 512 characters
            return end.substring(segment, last).strip().startsWith("IEA" + separator);
        }
    }
}
