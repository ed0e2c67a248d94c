package org.reclaim.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.reclaim.core.LimitsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deletes, at start-up, the spool files a crashed run left in the temporary directory: an upload's
 * copy ({@code reclaim-upload-N.x12}), an ingest's COPY rows ({@code reclaim-<table>-N.copy}) and
 * the CLI's JSON spool ({@code reclaim-inspect-N.json}). A run that ends normally deletes its own;
 * one killed cannot. Only regular files of these names older than {@code
 * reclaim.limits.stale-spool} go, so another instance's spool in use is left alone.
 */
@Component
public class SpoolSweeper {

    private static final Logger log = LoggerFactory.getLogger(SpoolSweeper.class);

    /** The names {@link java.nio.file.Files#createTempFile} gives our spools: prefix, digits. */
    static final Pattern OURS =
            Pattern.compile("reclaim-(upload-\\d+\\.x12|inspect-\\d+\\.json|[a-z_]+-\\d+\\.copy)");

    private final Duration age;

    public SpoolSweeper(LimitsProperties limits) {
        this.age = limits.staleSpool();
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStartUp() {
        int n = sweep(Path.of(System.getProperty("java.io.tmpdir")), age, Instant.now());
        if (n > 0) log.info("deleted {} spool file(s) left by an earlier run", n);
    }

    /** Deletes our spool files in {@code dir} last modified before {@code now - age}; how many. */
    public static int sweep(Path dir, Duration age, Instant now) {
        Instant before = now.minus(age);
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "reclaim-*")) {
            for (Path f : files) {
                if (!OURS.matcher(f.getFileName().toString()).matches()) continue;
                try {
                    BasicFileAttributes a =
                            Files.readAttributes(
                                    f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (!a.isRegularFile() || !a.lastModifiedTime().toInstant().isBefore(before))
                        continue;
                    if (Files.deleteIfExists(f)) deleted++;
                } catch (IOException e) {
                    log.warn(
                            "could not delete the spool file {}: {}",
                            f.getFileName(),
                            e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("could not look for old spool files in {}: {}", dir, e.toString());
        }
        return deleted;
    }
}
