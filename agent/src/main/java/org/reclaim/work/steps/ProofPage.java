package org.reclaim.work.steps;

import org.reclaim.connector.packet.PacketContent;

/**
 * Evidence the service assembles itself for an appeal (not a document of the records folder): a
 * page of its own in the packet, listed in the packet's attachments by its name.
 */
interface ProofPage {

    /** The enclosure's name in the packet's attachments. */
    String name();

    /** One line for the step log and the work context: ids and dates, no PHI. */
    String summary();

    /** The page of the appeal packet that shows it. */
    PacketContent.Page page();
}
