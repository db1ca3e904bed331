package dev.polycsi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process's memory as Linux and the JVM report it: {@code /proc/PID/status}, {@code smaps}, and jcmd. */
final class Footprint {

    private Footprint() {
    }

    /** VmRSS, RssAnon and RssFile in MiB, and the thread count, from {@code /proc/PID/status}. */
    record Status(double rssMiB, double anonMiB, double fileMiB, int threads) {
        static final Status NONE = new Status(Double.NaN, Double.NaN, Double.NaN, -1);

        static Status of(long pid) throws IOException {
            double rss = Double.NaN;
            double anon = Double.NaN;
            double file = Double.NaN;
            int threads = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                String[] parts = line.split("\\s+");
                switch (parts[0]) {
                    case "VmRSS:" -> rss = Long.parseLong(parts[1]) / 1024.0;
                    case "RssAnon:" -> anon = Long.parseLong(parts[1]) / 1024.0;
                    case "RssFile:" -> file = Long.parseLong(parts[1]) / 1024.0;
                    case "Threads:" -> threads = Integer.parseInt(parts[1]);
                    default -> { }
                }
            }
            return new Status(rss, anon, file, threads);
        }
    }

    /**
     * Resident memory by mapping, from {@code /proc/PID/smaps}, in MiB: the class data archive
     * (an AOT cache or CDS archive: {@code .aot} or {@code .jsa} files, mapped copy-on-write, so
     * part of it is private anonymous memory), libjvm.so, every other file, and anonymous memory
     * (Java heap, metaspace, code cache, thread stacks, malloc).
     *
     * @param archive      the names of the archive files mapped ("" if none)
     * @param archiveDirty the archive's pages that were written (relocated, or changed at run time): anonymous
     */
    record Mappings(double archiveMiB, double archiveDirtyMiB, String archive, double libjvmMiB, double otherFilesMiB, double anonymousMiB) {
        static final Mappings NONE = new Mappings(Double.NaN, Double.NaN, "", Double.NaN, Double.NaN, Double.NaN);
        /** A mapping's first line: ADDRESS-ADDRESS PERMS OFFSET DEV INODE [PATH]. */
        private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

        static Mappings of(long pid) throws IOException {
            long archive = 0;
            long archiveAnon = 0;
            long libjvm = 0;
            long files = 0;
            long anonymous = 0;
            java.util.Set<String> archives = new java.util.TreeSet<>();
            String path = "";
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
                if (MAPPING.matcher(line).lookingAt()) {
                    String[] parts = line.split("\\s+", 6);
                    path = parts.length == 6 ? parts[5].strip() : "";
                    continue;
                }
                boolean rss = line.startsWith("Rss:");
                boolean anon = line.startsWith("Anonymous:");
                if (!rss && !anon) {
                    continue;
                }
                long kib = Long.parseLong(line.split("\\s+")[1]);
                boolean isArchive = path.endsWith(".aot") || path.endsWith(".jsa");
                if (isArchive) {
                    archives.add(Path.of(path).getFileName().toString());
                    if (rss) {
                        archive += kib;
                    } else {
                        archiveAnon += kib;
                    }
                } else if (rss) {
                    if (path.endsWith("/libjvm.so")) {
                        libjvm += kib;
                    } else if (path.startsWith("/")) {
                        files += kib;
                    } else {
                        anonymous += kib;
                    }
                }
            }
            return new Mappings(archive / 1024.0, archiveAnon / 1024.0, String.join(",", archives), libjvm / 1024.0,
                    files / 1024.0, anonymous / 1024.0);
        }
    }

    /** {@code jcmd PID ARGS...}'s output; an exception if it fails. */
    static String jcmd(Path jcmd, long pid, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        StartupBenchmark.isolate(builder.environment());
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + text);
        }
        return text;
    }

    /**
     * The classes loaded, hidden ones included, from {@code jcmd PID VM.classloader_stats}: its
     * "Total = LOADERS CLASSES CHUNKS BLOCKS" line. jcmd attaches through the attach mechanism,
     * which works with {@code -XX:-UsePerfData}; {@code jcmd PerfCounter.print} (java.cls.loadedClasses)
     * needs the perf data that flag turns off.
     */
    static int loadedClasses(Path jcmd, long pid) throws IOException, InterruptedException {
        String text = jcmd(jcmd, pid, "VM.classloader_stats");
        Matcher m = Pattern.compile("(?m)^Total = \\d+\\s+(\\d+)\\s").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no total in VM.classloader_stats:\n" + text);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * {@code jcmd PID VM.native_memory summary}: committed KiB per NMT category, in NMT's order,
     * with the total, all malloc'd memory, and the thread count NMT saw.
     */
    record Nmt(Map<String, Long> committedKiB, long totalKiB, long mallocKiB, long classSpaceKiB, int threads) {

        private static final Pattern CATEGORY = Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB");
        private static final Pattern TOTAL = Pattern.compile("(?m)^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
        private static final Pattern MALLOC = Pattern.compile("(?m)^\\s+malloc: (\\d+)KB");
        private static final Pattern CLASS_SPACE = Pattern.compile("\\(\\s*Class space:\\)\\s*\\n\\s*\\(\\s*reserved=\\d+KB, committed=(\\d+)KB");
        private static final Pattern THREADS = Pattern.compile("\\(threads #(\\d+)\\)");

        static Nmt of(Path jcmd, long pid) throws IOException, InterruptedException {
            return parse(jcmd(jcmd, pid, "VM.native_memory", "summary"));
        }

        static Nmt parse(String text) {
            Map<String, Long> committed = new LinkedHashMap<>();
            Matcher m = CATEGORY.matcher(text);
            while (m.find()) {
                committed.put(m.group(1).strip(), Long.parseLong(m.group(3)));
            }
            Matcher total = TOTAL.matcher(text);
            if (committed.isEmpty() || !total.find()) {
                throw new IllegalStateException("not an NMT summary:\n" + text);
            }
            Matcher malloc = MALLOC.matcher(text);
            Matcher classSpace = CLASS_SPACE.matcher(text);
            Matcher threads = THREADS.matcher(text);
            return new Nmt(committed, Long.parseLong(total.group(2)), malloc.find() ? Long.parseLong(malloc.group(1)) : -1,
                    classSpace.find() ? Long.parseLong(classSpace.group(1)) : -1, threads.find() ? Integer.parseInt(threads.group(1)) : -1);
        }

        long category(String name) {
            return committedKiB.getOrDefault(name, 0L);
        }
    }
}
