package dev.polycsi.filecache.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Property-style tests: thousands of seeded random texts over the shorthand's alphabet, and
 * random mutations of valid values, given to the StorageClass parsing exactly as the core does.
 * Each must either resolve (and then its records must survive a round trip through their
 * shorthand, and be what the official driver would send for the same text) or fail with
 * INVALID_ARGUMENT naming the parameter, with any reported position inside the text; never
 * another exception, and all of it quickly.
 */
class GeneratedInputsTest {

    private static final long SEED = 0x5EED_F11E_CAC4EL;
    private static final int CASES = 4000;
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Pattern POSITION = Pattern.compile("^parameter '[^']+', character (\\d+) \\(");

    private static final String ASSOCIATIONS = DataRepositoryAssociations.KEY;
    private static final String LUSTRE = LustreConfiguration.KEY;

    /** Pieces random texts are made of: the grammar's punctuation, its keys and values, and characters it must refuse. */
    private static final List<String> ATOMS = List.of(
            "=", "=", ",", ",", "[", "]", "{", "}", " ", " ", "\t", "\n", "\u00A0", "\u3000",
            "FileCachePath", "DataRepositoryPath", "DataRepositorySubdirectories", "NFS", "Version", "DnsIps",
            "DeploymentType", "PerUnitStorageThroughput", "MetadataConfiguration", "StorageCapacity", "filecachepath",
            "CACHE_1", "1000", "2400", "NFS3", "s3://", "nfs://", "bucket", "filer.example.com", "10.0.0.1", "fd00::53", "999",
            "/", "/", "/ns1", "/ns1/", "..", ".", ":", "-", "_", "a", "Z", "0", "9", "é", "日", "\uD83D\uDE00", "\u0000", "\u0007",
            "\"", "'", "\\", "\uD800");

    private static final List<String> VALID_ASSOCIATIONS = List.of(
            "FileCachePath=/ns1/,DataRepositoryPath=s3://bucket/prefix/",
            "FileCachePath=/ns1/,DataRepositoryPath=nfs://10.0.92.69/,NFS={Version=NFS3},DataRepositorySubdirectories=[subdir1,subdir2,subdir3]",
            "FileCachePath=/ns1/,DataRepositoryPath=nfs://filer.example.com/,NFS={Version=NFS3,DnsIps=[10.0.0.1,10.0.0.2,10.0.0.3]},"
                    + "DataRepositorySubdirectories=[subdir1,subdir2,subdir3]",
            "FileCachePath=/a,DataRepositoryPath=s3://bucket/a FileCachePath=/b,DataRepositoryPath=s3://bucket/b "
                    + "FileCachePath=/c/d,DataRepositoryPath=s3://bucket/c",
            "FileCachePath=/,DataRepositoryPath=nfs://filer,DataRepositorySubdirectories=[/export1,/export2]");
    private static final List<String> VALID_LUSTRE = List.of(
            "DeploymentType=CACHE_1,PerUnitStorageThroughput=1000,MetadataConfiguration={StorageCapacity=2400}",
            "MetadataConfiguration={StorageCapacity=2400}");

    private record Tally(int[] counts) {
        Tally() {
            this(new int[2]);
        }

        void add(boolean accepted) {
            counts[accepted ? 0 : 1]++;
        }

        int accepted() {
            return counts[0];
        }

        int refused() {
            return counts[1];
        }
    }

    @Test
    void randomTextsOverTheAlphabetParseOrAreRefusedWithAPosition() {
        assertTimeoutPreemptively(BUDGET, () -> {
            Random random = new Random(SEED);
            Tally tally = new Tally();
            for (int i = 0; i < CASES; i++) {
                String text = randomText(random, random.nextInt(40));
                tally.add(check(ASSOCIATIONS, text));
                tally.add(check(LUSTRE, text));
            }
            assertTrue(tally.refused() > 0, "random texts should mostly be refused");
        });
    }

    /** Random values built from the grammar and its keys, so that many get past the parser to the rules, and many pass them. */
    @Test
    void randomValuesFromTheGrammarParseOrAreRefusedWithAPosition() {
        assertTimeoutPreemptively(BUDGET, () -> {
            Random random = new Random(SEED + 1);
            Tally associations = new Tally();
            Tally lustre = new Tally();
            Tally anything = new Tally();
            for (int i = 0; i < CASES; i++) {
                associations.add(check(ASSOCIATIONS, randomAssociations(random)));
                lustre.add(check(LUSTRE, randomLustreConfiguration(random)));
                String record = randomRecord(random, 0);
                anything.add(check(ASSOCIATIONS, record));
                anything.add(check(LUSTRE, record));
            }
            assertTrue(associations.accepted() > CASES / 20 && associations.refused() > CASES / 2, "accepted " + associations.accepted());
            assertTrue(lustre.accepted() > CASES / 20 && lustre.refused() > CASES / 10, "accepted " + lustre.accepted());
            assertTrue(anything.refused() > 0);
        });
    }

    @Test
    void mutationsOfValidValuesParseOrAreRefusedWithAPosition() {
        assertTimeoutPreemptively(BUDGET, () -> {
            Random random = new Random(SEED + 2);
            Tally associations = new Tally();
            Tally lustre = new Tally();
            for (int i = 0; i < CASES; i++) {
                String valid = VALID_ASSOCIATIONS.get(random.nextInt(VALID_ASSOCIATIONS.size()));
                associations.add(check(ASSOCIATIONS, mutate(random, valid)));
                String lustreValid = VALID_LUSTRE.get(random.nextInt(VALID_LUSTRE.size()));
                lustre.add(check(LUSTRE, mutate(random, lustreValid)));
            }
            assertTrue(associations.accepted() > 0 && associations.refused() > CASES / 2, "accepted " + associations.accepted());
            assertTrue(lustre.accepted() > 0 && lustre.refused() > CASES / 2, "accepted " + lustre.accepted());
        });
    }

    @Test
    void theValidSeedsAreValid() {
        VALID_ASSOCIATIONS.forEach(text -> assertTrue(check(ASSOCIATIONS, text), text));
        VALID_LUSTRE.forEach(text -> assertTrue(check(LUSTRE, text), text));
    }

    @Test
    void pathologicalValuesAreRefusedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            List<String> values = List.of(
                    "FileCachePath=/a,DataRepositoryPath=nfs://" + "a-".repeat(50_000) + "!",
                    "FileCachePath=/a,DataRepositoryPath=nfs://" + "a.".repeat(50_000) + "/x!",
                    "FileCachePath=/a,DataRepositoryPath=nfs://" + "a".repeat(100_000),
                    "FileCachePath=/a,DataRepositoryPath=s3://" + "a".repeat(100_000),
                    "FileCachePath=/" + "a/".repeat(50_000) + ",DataRepositoryPath=s3://bucket",
                    "FileCachePath=/a,DataRepositoryPath=nfs://f,DataRepositorySubdirectories=[" + "x,".repeat(100_000) + "y]",
                    "A=" + "{B=".repeat(50_000),
                    "A=" + "[".repeat(100_000),
                    ",".repeat(100_000),
                    " ".repeat(100_000),
                    "FileCachePath=/a,DataRepositoryPath=s3://bucket ".repeat(10_000));
            for (String value : values) {
                check(ASSOCIATIONS, value);
                check(LUSTRE, value);
            }
        });
    }

    /** Resolves {@code text} as {@code parameter}; true when accepted. Fails the test on any outcome but those two. */
    private static boolean check(String parameter, String text) {
        try {
            CacheSettings settings = Requests.resolve(Requests.storageClass(parameter, text), CapacityRange.ANY);
            List<DataRepositoryAssociation> associations = settings.dataRepositoryAssociations();
            assertEquals(associations, DataRepositoryAssociations.parse(DataRepositoryAssociations.format(associations)),
                    () -> "round trip of " + Source.escape(text));
            assertEquals(settings.lustreConfiguration().withWeeklyMaintenanceStartTime(Optional.empty()),
                    LustreConfiguration.parse(settings.lustreConfiguration().toShorthand()));
            // what is accepted means what it means to the official driver
            OfficialReading.assertSameAs(parameter.equals(ASSOCIATIONS) ? text : Requests.S3_ASSOCIATION,
                    parameter.equals(LUSTRE) ? text : null, settings);
            return true;
        } catch (CsiException e) {
            assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code(), () -> Source.escape(text) + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("parameter '" + parameter + "'"), () -> Source.escape(text) + ": " + e.getMessage());
            assertTrue(e.getMessage().length() < 1000, () -> "a message of " + e.getMessage().length() + " characters");
            Matcher position = POSITION.matcher(e.getMessage());
            if (position.find()) {
                int character = Integer.parseInt(position.group(1));
                int length = text.codePointCount(0, text.length());
                assertTrue(character >= 1 && character <= length + 1, () -> "position " + character + " outside " + Source.escape(text));
            }
            return false;
        } catch (RuntimeException | Error e) {
            fail(parameter + " = \"" + Source.escape(text) + "\" threw " + e, e);
            return false;
        }
    }

    private static String randomText(Random random, int atoms) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < atoms; i++) {
            text.append(ATOMS.get(random.nextInt(ATOMS.size())));
        }
        return text.toString();
    }

    private static <T> T any(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** One to three associations (now and then nine), mostly well formed, with keys in random order and values often wrong. */
    private static String randomAssociations(Random random) {
        int count = random.nextInt(20) == 0 ? 9 : 1 + random.nextInt(3);
        boolean nfs = random.nextBoolean();
        StringBuilder text = new StringBuilder(random.nextInt(5) == 0 ? " " : "");
        for (int i = 0; i < count; i++) {
            text.append(i > 0 ? any(random, List.of(" ", "  ", "\n", "\t", " \n  ")) : "");
            List<String> items = new ArrayList<>();
            if (random.nextInt(20) > 0) {
                items.add("FileCachePath=" + any(random, List.of("/ns" + random.nextInt(30), "/ns" + random.nextInt(30) + "/",
                        "/ns" + random.nextInt(5) + "/sub" + random.nextInt(3), "/", "ns1", "/a/../b", "//x//")));
            }
            boolean subdirectories = nfs && random.nextBoolean();
            if (random.nextInt(20) > 0) {
                items.add("DataRepositoryPath=" + (random.nextInt(10) == 0 ? any(random, List.of("S3://bucket", "s3://ab", "nfs://999.0.0.1/x",
                        "nfs://filer/x", "nfs://filer", "https://x"))
                        : nfs ? (subdirectories ? any(random, List.of("nfs://filer", "nfs://10.0.92.69/"))
                                : "nfs://filer.example.com/export" + random.nextInt(5))
                        : "s3://bucket-" + random.nextInt(3) + "/p" + random.nextInt(9) + "/"));
            }
            if (subdirectories || random.nextInt(15) == 0) {
                int n = 1 + random.nextInt(3);
                StringBuilder list = new StringBuilder("DataRepositorySubdirectories=[");
                for (int j = 0; j < n; j++) {
                    list.append(j > 0 ? "," : "").append(random.nextBoolean() ? "/" : "").append("export").append(random.nextInt(4));
                }
                items.add(list.append(']').toString());
            }
            if (nfs && random.nextBoolean() || random.nextInt(15) == 0) {
                items.add("NFS=" + any(random, List.of("{Version=NFS3}", "{Version=NFS3,DnsIps=[10.0.0.2]}",
                        "{DnsIps=[10.0.0.2,fd00::53],Version=NFS3}", "{Version=NFS4}", "{DnsIps=[10.0.0.2]}", "{Version=NFS3,DnsIps=[10.0.0.256]}")));
            }
            Collections.shuffle(items, random);
            text.append(String.join(",", items));
        }
        return text.toString();
    }

    private static String randomLustreConfiguration(Random random) {
        List<String> items = new ArrayList<>();
        if (random.nextBoolean()) {
            items.add("DeploymentType=" + (random.nextInt(6) > 0 ? "CACHE_1" : any(random, List.of("cache_1", "CACHE_2", "SCRATCH_1"))));
        }
        if (random.nextBoolean()) {
            items.add("PerUnitStorageThroughput=" + (random.nextInt(6) > 0 ? "1000" : any(random, List.of("500", "+1000", "1e3", "-1"))));
        }
        if (random.nextBoolean() || items.isEmpty()) {
            items.add("MetadataConfiguration=" + (random.nextInt(6) > 0 ? "{StorageCapacity=2400}"
                    : any(random, List.of("2400", "{StorageCapacity=4800}", "{}", "{StorageCapacity=2400", "[2400]"))));
        }
        Collections.shuffle(items, random);
        return String.join(",", items);
    }

    private static final List<String> KEYS = List.of("FileCachePath", "DataRepositoryPath", "DataRepositorySubdirectories", "NFS",
            "Version", "DnsIps", "DeploymentType", "PerUnitStorageThroughput", "MetadataConfiguration", "StorageCapacity");
    private static final List<String> SCALARS = List.of("/ns1/", "/ns1", "/ns1/ns2", "/", "/a/b", "s3://bucket", "s3://bucket/p/",
            "nfs://filer", "nfs://10.0.0.1/", "nfs://filer/export", "NFS3", "CACHE_1", "1000", "2400", "10.0.0.1", "fd00::53", "subdir1",
            "/export1", "x=y", "S3://B");

    private static String randomRecord(Random random, int depth) {
        StringBuilder record = new StringBuilder();
        int entries = 1 + random.nextInt(4);
        for (int i = 0; i < entries; i++) {
            record.append(i > 0 ? "," : "").append(KEYS.get(random.nextInt(KEYS.size()))).append('=');
            int shape = random.nextInt(depth < 2 ? 6 : 4);
            if (shape < 3) {
                record.append(SCALARS.get(random.nextInt(SCALARS.size())));
            } else if (shape == 3) {
                record.append('[');
                int items = 1 + random.nextInt(3);
                for (int j = 0; j < items; j++) {
                    record.append(j > 0 ? "," : "").append(SCALARS.get(random.nextInt(SCALARS.size())));
                }
                record.append(']');
            } else {
                record.append('{').append(randomRecord(random, depth + 1)).append('}');
            }
        }
        return record.toString();
    }

    /** One to three random edits: delete, insert an atom, replace with an atom, duplicate a slice, swap, truncate. */
    static String mutate(Random random, String valid) {
        StringBuilder text = new StringBuilder(valid);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length());
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (!text.isEmpty()) {
                        text.deleteCharAt(at);
                    }
                }
                case 1 -> text.insert(at, ATOMS.get(random.nextInt(ATOMS.size())));
                case 2 -> {
                    if (!text.isEmpty()) {
                        text.replace(at, at + 1, ATOMS.get(random.nextInt(ATOMS.size())));
                    }
                }
                case 3 -> {
                    int end = Math.min(text.length(), at + random.nextInt(20));
                    text.insert(end, text.substring(at, end));
                }
                case 4 -> {
                    if (text.length() > 1) {
                        int other = random.nextInt(text.length());
                        char c = text.charAt(at);
                        text.setCharAt(at, text.charAt(other));
                        text.setCharAt(other, c);
                    }
                }
                default -> text.setLength(at);
            }
        }
        return text.toString();
    }
}
