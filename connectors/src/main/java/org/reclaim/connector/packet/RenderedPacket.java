package org.reclaim.connector.packet;

/**
 * A rendered packet: the PDF and the SHA-256 (hex) of exactly those bytes. Rendering is
 * deterministic — the same content gives the same bytes and hash — so the hash identifies the
 * content in the audit trail.
 */
public record RenderedPacket(byte[] pdf, String sha256, int pages) {

    @Override
    public String toString() {
        return "RenderedPacket["
                + pdf.length
                + " bytes, "
                + pages
                + " pages, sha256 "
                + sha256
                + "]";
    }
}
