package org.reclaim.prevention.learn;

import java.time.LocalDate;
import java.util.List;
import org.reclaim.connector.records.AuthorizationOnFile;
import org.reclaim.connector.records.AuthorizationQuery;
import org.reclaim.connector.records.Records;
import org.reclaim.connector.records.RecordsFolder;

/**
 * The authorizations on file for one practice, read once for a batch of lines (the folder flavour
 * reads {@code authorizations.csv} once; other flavours are asked per line).
 */
final class OnFile {

    private final Records records;
    private final String slug;
    private final List<AuthorizationOnFile> rows;

    private OnFile(Records records, String slug, List<AuthorizationOnFile> rows) {
        this.records = records;
        this.slug = slug;
        this.rows = rows;
    }

    static OnFile of(Records records, String slug) {
        if (records instanceof RecordsFolder folder) {
            return new OnFile(records, slug, folder.authorizations(slug).rows());
        }
        return new OnFile(records, slug, null);
    }

    /** Whether an authorization on file covers this line's procedure on its dates. */
    boolean covers(
            String pcn,
            String payerId,
            String memberId,
            String procedure,
            LocalDate from,
            LocalDate to) {
        if (pcn == null || procedure == null || procedure.isBlank()) return false;
        if (from == null && to == null) return false;
        if (from != null && to != null && to.isBefore(from)) return false;
        AuthorizationQuery q = new AuthorizationQuery(pcn, payerId, memberId, procedure, from, to);
        if (rows != null) {
            for (AuthorizationOnFile r : rows) if (r.covers(q)) return true;
            return false;
        }
        return records.findAuthorization(slug, q).isPresent();
    }
}
