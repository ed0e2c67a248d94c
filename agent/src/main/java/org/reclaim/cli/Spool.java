package org.reclaim.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes written now, read back once later: kept in memory up to a threshold, then moved to a
 * temporary file, so an array of any length can be written before the line that contains it is
 * complete without holding it all in memory.
 */
final class Spool extends OutputStream {

    private final int threshold;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream(1024);
    private Path file;
    private OutputStream fileOut;

    Spool(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (fileOut == null && memory.size() + len > threshold) spill();
        if (fileOut != null) {
            fileOut.write(b, off, len);
        } else {
            memory.write(b, off, len);
        }
    }

    private void spill() throws IOException {
        file = Files.createTempFile("reclaim-inspect-", ".json");
        file.toFile().deleteOnExit();
        fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        memory.writeTo(fileOut);
        memory = null;
    }

    /** What was written; call once, after the last write. */
    InputStream contents() throws IOException {
        if (fileOut == null) return new ByteArrayInputStream(memory.toByteArray());
        fileOut.close();
        return new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** Frees the memory or deletes the file. */
    @Override
    public void close() throws IOException {
        memory = null;
        if (fileOut != null) {
            fileOut.close();
            Files.deleteIfExists(file);
        }
    }
}
