package org.reclaim.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.reclaim.practice.Practices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The atomic-file rules of a drop folder, shared by the inbox and the gate's {@code outgoing/}
 * folder: files in {@code <root>/} (practice {@code default}) or {@code <root>/<slug>/}; hidden and
 * temporary names ({@code .x}, {@code .tmp}, {@code .part}) are skipped (writers rename into place
 * when done); a file is settled once its size and modification time stayed the same for the settle
 * time and, for X12, its outermost envelope is closed (or it stopped changing for the incomplete
 * wait); a symbolic link is never followed but handed over as a link, to be moved aside. Moves
 * never replace a file ({@link NoReplaceMove}). Remembers what it saw between scans; one instance
 * per folder.
 */
public final class SettledFiles {

    private static final Logger log = LoggerFactory.getLogger(SettledFiles.class);

    /** A file to take; {@code link}: a symbolic link, which is never followed. */
    public record Candidate(Path file, String slug, boolean link) {}

    /** One scan: the settled files, and every file present (settled or not). */
    public record Scan(List<Candidate> settled, Set<Path> present) {}

    /** A file's size and modification time, and since when (nanoTime) they have been so. */
    private record Seen(long size, FileTime modified, long sinceNanos) {}

    private final Path root;
    private final Supplier<Duration> settle;
    private final Supplier<Duration> incompleteWait;
    private final Map<Path, Seen> seen = new ConcurrentHashMap<>();

    /** The settle and incomplete-wait times are read at each scan (tests change them). */
    public SettledFiles(Path root, Supplier<Duration> settle, Supplier<Duration> incompleteWait) {
        this.root = root;
        this.settle = settle;
        this.incompleteWait = incompleteWait;
    }

    public Path root() {
        return root;
    }

    /** The files settled now, in name order (top-level files first by name, then folders'). */
    public Scan scan() throws IOException {
        Files.createDirectories(root);
        List<Candidate> found = new ArrayList<>();
        Set<Path> present = new HashSet<>();
        try (Stream<Path> top = Files.list(root)) {
            for (Path p : top.sorted().toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    String slug = p.getFileName().toString();
                    try (Stream<Path> inner = Files.list(p)) {
                        for (Path f : inner.sorted().toList()) {
                            present.add(f);
                            Candidate c = candidate(f, slug);
                            if (c != null) found.add(c);
                        }
                    }
                } else {
                    present.add(p);
                    Candidate c = candidate(p, Practices.DEFAULT_SLUG);
                    if (c != null) found.add(c);
                }
            }
        }
        seen.keySet().retainAll(present);
        return new Scan(found, present);
    }

    private Candidate candidate(Path f, String slug) throws IOException {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part")) return null;
        if (Files.isSymbolicLink(f)) return new Candidate(f, slug, true);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return null;
        }
        if (!attrs.isRegularFile()) return null;
        Duration settle = this.settle.get();
        long now = System.nanoTime();
        Seen before = seen.get(f);
        Seen current = new Seen(attrs.size(), attrs.lastModifiedTime(), now);
        if (before == null
                || before.size != current.size
                || !before.modified.equals(current.modified)) {
            seen.put(f, current);
            before = current;
        }
        Instant modified = attrs.lastModifiedTime().toInstant();
        if (!settle.isZero()
                && (now - before.sinceNanos < settle.toNanos()
                        || !modified.isBefore(Instant.now().minus(settle)))) {
            return null;
        }
        boolean closed;
        try {
            closed = Envelopes.closed(f);
        } catch (IOException e) {
            log.warn("cannot read {} yet, will retry: {}", name, e.toString());
            return null;
        }
        if (!closed && modified.isAfter(Instant.now().minus(incompleteWait.get()))) {
            log.debug("{}: the interchange is not closed yet (no IEA), waiting", name);
            return null;
        }
        return new Candidate(f, slug, false);
    }

    /**
     * Moves the file under {@code target/<slug>/}, never overwriting: a name taken gets a numbered
     * suffix. Blocking.
     */
    public Path move(Candidate c, Path target) throws IOException {
        Path dir = target.resolve(c.slug());
        Files.createDirectories(dir);
        Path moved = NoReplaceMove.move(c.file(), dir, c.file().getFileName().toString());
        seen.remove(c.file());
        return moved;
    }
}
