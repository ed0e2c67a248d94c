package org.reclaim.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the triage files: the copies shipped in the jar (docs/contracts.md §4), overlaid file by
 * file by a {@code playbooks/} and a {@code config/} folder when they exist. Names are relative to
 * their folder: {@code catalog/carc.csv}, {@code authorization.yml}, {@code payers.yml}.
 */
public final class TriageFiles {

    public static final String BUNDLED = "reclaim-defaults/";

    private final Path playbooksDir;
    private final Path configDir;
    private final boolean withBundled;
    private Map<String, ConfigFile> playbookFolder;

    private TriageFiles(Path playbooksDir, Path configDir, boolean withBundled) {
        this.playbooksDir = playbooksDir;
        this.configDir = configDir;
        this.withBundled = withBundled;
    }

    /**
     * @param playbooksDir overlay for {@code playbooks/}, ignored when null or absent
     * @param configDir overlay for {@code config/}, ignored when null or absent
     */
    public static TriageFiles locate(Path playbooksDir, Path configDir) {
        return new TriageFiles(playbooksDir, configDir, true);
    }

    /** Only the given folders, nothing from the jar. */
    public static TriageFiles only(Path playbooksDir, Path configDir) {
        return new TriageFiles(playbooksDir, configDir, false);
    }

    /** One file by name, the overlay's when it has it, else the jar's; null when neither has it. */
    ConfigFile file(String folder, String rel) {
        Path dir = folder.equals("config") ? configDir : playbooksDir;
        if (dir != null) {
            Path p = dir.resolve(rel);
            if (Files.isRegularFile(p)) {
                try {
                    return new ConfigFile(
                            p.toString(), Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new TriageConfigException(
                            p.toString(), 0, "cannot read: " + e.getMessage());
                }
            }
        }
        if (!withBundled) return null;
        try (InputStream in =
                TriageFiles.class
                        .getClassLoader()
                        .getResourceAsStream(BUNDLED + folder + "/" + rel)) {
            if (in == null) return null;
            return new ConfigFile(
                    "jar:" + folder + "/" + rel,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TriageConfigException(
                    "jar:" + folder + "/" + rel, 0, "cannot read: " + e.getMessage());
        }
    }

    public Map<String, ConfigFile> catalogFiles() {
        Map<String, ConfigFile> out = new TreeMap<>();
        for (String name : CodeCatalog.FILES) {
            ConfigFile f = file("playbooks", name);
            if (f != null) out.put(name, f);
        }
        return out;
    }

    public Map<String, ConfigFile> playbookFiles() {
        if (playbookFolder == null) {
            Map<String, ConfigFile> all = withBundled ? bundled("playbooks") : new TreeMap<>();
            overlay(all, playbooksDir);
            playbookFolder = all;
        }
        Map<String, ConfigFile> out = new TreeMap<>();
        playbookFolder.forEach(
                (k, v) -> {
                    if (!k.contains("/") && (k.endsWith(".yml") || k.endsWith(".yaml")))
                        out.put(k, v);
                });
        return out;
    }

    public ConfigFile payersFile() {
        ConfigFile f = file("config", PayerDirectory.FILE);
        if (f == null)
            throw new TriageConfigException(
                    "config/" + PayerDirectory.FILE, 0, "the file is missing");
        return f;
    }

    /** Null when there is none: no contracted rates, so no line is judged underpaid. */
    public ConfigFile feeScheduleFile() {
        return file("config", FeeSchedule.FILE);
    }

    /** Null when there is none: no coding rule, no automatic coding correction. */
    public ConfigFile codingRulesFile() {
        return file("config", CodingRuleFile.FILE);
    }

    private static void overlay(Map<String, ConfigFile> files, Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return;
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p)) continue;
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!wanted(rel)) continue;
                files.put(
                        rel,
                        new ConfigFile(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new TriageConfigException(dir.toString(), 0, "cannot read: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new TriageConfigException(
                    dir.toString(), 0, "cannot read: " + e.getCause().getMessage());
        }
    }

    private static boolean wanted(String rel) {
        return rel.endsWith(".csv") || rel.endsWith(".yml") || rel.endsWith(".yaml");
    }

    private static Map<String, ConfigFile> bundled(String folder) {
        Map<String, ConfigFile> out = new TreeMap<>();
        String prefix = BUNDLED + folder + "/";
        URL marker = TriageFiles.class.getClassLoader().getResource(prefix + "README.md");
        if (marker == null) return out;
        try {
            if ("jar".equals(marker.getProtocol())) {
                JarURLConnection c = (JarURLConnection) marker.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        if (e.isDirectory() || !e.getName().startsWith(prefix)) continue;
                        String rel = e.getName().substring(prefix.length());
                        if (!wanted(rel)) continue;
                        try (InputStream in = jar.getInputStream(e)) {
                            out.put(
                                    rel,
                                    new ConfigFile(
                                            "jar:" + folder + "/" + rel,
                                            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            } else {
                Path dir = Path.of(marker.toURI()).getParent();
                Map<String, ConfigFile> found = new TreeMap<>();
                overlay(found, dir);
                found.forEach(
                        (rel, f) ->
                                out.put(
                                        rel,
                                        new ConfigFile("jar:" + folder + "/" + rel, f.text())));
            }
        } catch (IOException | URISyntaxException e) {
            throw new TriageConfigException(
                    "jar:" + folder, 0, "cannot read the shipped files: " + e.getMessage());
        }
        return out;
    }
}
