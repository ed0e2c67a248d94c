package org.reclaim.connector.clearinghouse;

import java.util.Objects;
import org.reclaim.connector.support.Names;

/** A response file fetched from a clearinghouse (999, 277CA, 835, 277, 271): its name and bytes. */
public record IncomingFile(String name, byte[] bytes) {

    public IncomingFile {
        Names.segment("file name", name);
        Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public String toString() {
        return "IncomingFile[" + name + ", " + bytes.length + " bytes]";
    }
}
