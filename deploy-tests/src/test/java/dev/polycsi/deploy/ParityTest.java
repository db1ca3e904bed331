package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polycsi.efs.mount.MountPlan;
import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.fsx.node.VolumeContext;
import dev.polycsi.fsx.ontap.node.OntapContext;
import dev.polycsi.launcher.Main;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The parity tables: docs/parity/BACKEND.tsv lists every parameter, volume attribute, secret
 * key, mount option and flag of the official driver a backend replaces, with a verdict. Each
 * entry is checked against what polycsi really does: one marked same or different-default is
 * accepted (by the backend's schema, context parser or mount plan, or the launcher's command
 * line) and a different default is the one polycsi declares; one marked refused is refused
 * naming it, and what the table offers instead exists. docs/parity.md is rendered from the
 * files; regenerate it with {@code -Dpolycsi.writeParity=true}.
 *
 * <p>{@code -Dpolycsi.parityPending=BACKEND:KIND:NAME,…} skips entries whose support is on a
 * branch not merged yet; it is for a local run only.
 */
class ParityTest {

    static final List<String> BACKENDS = List.of("ebs", "efs", "fsx-lustre", "filecache", "fsx-ontap");
    static final List<String> VERDICTS = List.of("same", "different-default", "refused");
    static final List<String> KINDS = List.of("storageclass", "snapshotclass", "mutable", "context", "secret", "mountoption", "flag");
    private static final String SIDECAR_PREFIX = "csi.storage.k8s.io/";
    /** Valid values of volume attributes and mount options, for parsing them as polycsi would. */
    private static final Map<String, String> SAMPLES = Map.of(
            "encryptInTransit", "false", "mounttargetip", "192.0.2.10", "crossaccount", "true", "path", "/data",
            "dnsname", "fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com", "mountname", "abcdef12",
            "accesspoint", "accesspoint=fsap-0123456789abcdef0");
    private static final String REGENERATE = "mvn25 -o -pl launcher,deploy-tests -am package -DskipITs -Dtest=ParityTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dpolycsi.writeParity=true";

    record Entry(String backend, int line, String name, String kind, String officialDefault, String verdict, String polycsi,
            String why, String source) {

        String id() {
            return backend + ":" + kind + ":" + name;
        }

        /** The key as a user writes it: a prefix gets a suffix. */
        String key() {
            return name.endsWith("*") ? name.substring(0, name.length() - 1) + "_1" : name;
        }

        boolean accepted() {
            return !verdict.equals("refused");
        }

        @Override
        public String toString() {
            return "docs/parity/" + backend + ".tsv:" + line + " " + kind + " " + name + " (" + verdict + ")";
        }
    }

    record Table(String backend, List<String> prose, List<Entry> entries) {
    }

    static Path file(String backend) {
        return Repo.root().resolve("docs/parity/" + backend + ".tsv");
    }

    static Table table(String backend) {
        List<String> lines = Repo.read(file(backend)).lines().toList();
        List<String> prose = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#>")) {
                prose.add(line.substring(2).strip());
            } else if (line.startsWith("#") || line.isBlank()) {
                continue;
            } else if (!header) {
                assertEquals("name\tkind\tofficial default\tverdict\tpolycsi\twhy\tsource", line, file(backend) + ": the column names");
                header = true;
            } else {
                String[] cells = line.split("\t", -1);
                assertEquals(7, cells.length, file(backend) + ":" + (i + 1) + " has " + cells.length + " cells, not 7");
                entries.add(new Entry(backend, i + 1, cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]));
            }
        }
        return new Table(backend, prose, entries);
    }

    static List<Table> tables() {
        return BACKENDS.stream().map(ParityTest::table).toList();
    }

    private static Set<String> pending() {
        String list = System.getProperty("polycsi.parityPending", "");
        return list.isBlank() ? Set.of() : Set.of(list.split(","));
    }

    @Test
    void everyBackendHasATableAndEveryTableABackend() throws IOException {
        assertEquals(Set.copyOf(BACKENDS), Backends.builtIn().keySet().stream().filter(b -> !b.equals("hostpath"))
                .collect(java.util.stream.Collectors.toSet()), "the built-in backends");
        try (Stream<Path> files = Files.list(Repo.root().resolve("docs/parity"))) {
            assertEquals(Set.copyOf(BACKENDS), files.map(p -> p.getFileName().toString().replaceFirst("\\.tsv$", ""))
                    .collect(java.util.stream.Collectors.toSet()), "docs/parity/ holds one .tsv per backend and nothing else");
        }
    }

    @Test
    void entriesAreWellFormed() {
        for (Table table : tables()) {
            assertFalse(table.prose().isEmpty(), table.backend() + ": a '#>' line says what the table is compared with");
            Set<String> seen = new HashSet<>();
            for (Entry e : table.entries()) {
                assertTrue(KINDS.contains(e.kind()), e + ": kind is one of " + KINDS);
                assertTrue(VERDICTS.contains(e.verdict()), e + ": verdict is one of " + VERDICTS);
                assertTrue(seen.add(e.kind() + " " + e.name().toLowerCase(Locale.ROOT)), e + " is listed twice");
                assertFalse(e.source().isBlank(), e + " names its source");
                assertTrue(e.verdict().equals("same") == e.why().isBlank(), e + ": a reason exactly where the verdict is not same");
                if (e.verdict().equals("different-default")) {
                    assertFalse(e.polycsi().isBlank(), e + ": the polycsi column gives polycsi's default");
                }
                for (String cell : List.of(e.name(), e.officialDefault(), e.polycsi(), e.why(), e.source())) {
                    assertFalse(cell.contains("|"), e + ": no '|' in a cell (it would break the Markdown table)");
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyEntryIsWhatPolycsiDoes() {
        Set<String> pending = pending();
        return tables().stream().flatMap(t -> t.entries().stream())
                .filter(e -> !pending.contains(e.id()))
                .map(e -> DynamicTest.dynamicTest(e.id(), () -> check(e)));
    }

    private static void check(Entry e) {
        BackendFactory factory = Backends.builtIn().get(e.backend());
        assertNotNull(factory, e + ": no built-in backend " + e.backend());
        switch (e.kind()) {
            case "storageclass" -> checkSchema(e, factory.volumeParameters());
            case "snapshotclass" -> checkSchema(e, factory.snapshotParameters());
            case "mutable" -> checkSchema(e, factory.mutableParameters());
            case "context" -> checkParse(e, contextParser(e.backend()));
            case "mountoption" -> checkParse(e, mountOptionParser(e.backend()));
            case "secret" -> checkDocumented(e);
            case "flag" -> checkFlag(e);
            default -> fail(e + ": unknown kind");
        }
        if (!e.accepted() && !e.polycsi().isBlank()) {
            checkInstead(e, factory);
        }
    }

    /** A key of a StorageClass, VolumeSnapshotClass or VolumeAttributesClass. */
    private static void checkSchema(Entry e, ParameterSchema schema) {
        if (e.name().startsWith(SIDECAR_PREFIX)) {
            // The core takes the sidecars' keys off before the backend's schema sees them (or passes
            // them on where the schema declares them), so no backend can refuse them.
            assertTrue(e.accepted(), e + ": the sidecars' keys are always accepted");
            return;
        }
        String key = e.key();
        Optional<CsiException> failure = parseFailure(() -> schema.parse(Map.of(key, "x")));
        boolean unknown = failure.map(f -> f.getMessage().contains("unknown parameter '" + key + "'")).orElse(false);
        if (e.accepted()) {
            assertFalse(unknown, e + ": polycsi refuses it: " + failure.map(Throwable::getMessage).orElse(""));
            Optional<Parameter<?>> declared = schema.parameters().stream().filter(p -> p.key().equalsIgnoreCase(key)).findFirst();
            declared.flatMap(Parameter::defaultValue).map(String::valueOf).ifPresent(ours -> checkDefault(e, ours));
        } else {
            assertTrue(unknown, e + ": polycsi accepts it" + failure.map(f -> " (it fails otherwise: " + f.getMessage() + ")").orElse(""));
        }
    }

    /** Same: the official default begins with polycsi's declared one; different: it does not, and the table gives polycsi's. */
    private static void checkDefault(Entry e, String ours) {
        boolean agrees = e.officialDefault().toLowerCase(Locale.ROOT).startsWith(ours.toLowerCase(Locale.ROOT));
        if (e.verdict().equals("same")) {
            assertTrue(agrees, e + ": polycsi's default is " + ours + ", the official one " + e.officialDefault());
        } else {
            assertFalse(agrees, e + ": polycsi's default " + ours + " is the official one");
            assertEquals(ours, e.polycsi(), e + ": the polycsi column gives polycsi's default");
        }
    }

    /** Volume attributes and mount options: parsed as the backend's node parses them. */
    private static void checkParse(Entry e, Consumer<Map.Entry<String, String>> parser) {
        String value = SAMPLES.getOrDefault(e.key(), "x");
        Optional<CsiException> failure = parseFailure(() -> parser.accept(Map.entry(e.key(), value)));
        if (e.accepted()) {
            assertTrue(failure.isEmpty(), e + ": polycsi refuses " + e.key() + "=" + value + ": " + failure.map(Throwable::getMessage).orElse(""));
        } else {
            assertTrue(failure.isPresent() && failure.get().getMessage().contains(e.key()), e + ": polycsi accepts it");
        }
    }

    private static Consumer<Map.Entry<String, String>> contextParser(String backend) {
        String dnsName = SAMPLES.get("dnsname");
        return switch (backend) {
            case "efs" -> kv -> dev.polycsi.efs.params.VolumeContext.parse(Map.of(kv.getKey(), kv.getValue()));
            case "fsx-lustre" -> kv -> VolumeContext.parse(with(Map.of("dnsname", dnsName), kv), Optional.of("fsx"));
            case "filecache" -> kv -> VolumeContext.parse(with(Map.of("dnsname", dnsName, "mountname", "abcdef12"), kv), Optional.empty());
            case "fsx-ontap" -> kv -> OntapContext.parse(with(Map.of("dnsname", dnsName, "junctionPath", "/vol1"), kv));
            default -> throw new AssertionError(backend + " has no volume attributes to check");
        };
    }

    /** A mount option is accepted when the mount the node issues carries it. */
    private static Consumer<Map.Entry<String, String>> mountOptionParser(String backend) {
        if (!backend.equals("efs")) {
            throw new AssertionError(backend + " has no mount options to check");
        }
        return kv -> {
            String option = kv.getValue().equals("x") ? kv.getKey() : kv.getValue();
            List<String> options = MountPlan.forPublish(EfsVolumeId.parse("fs-0123456789abcdef0"),
                    dev.polycsi.efs.params.VolumeContext.DEFAULT, false, List.of(option), Optional.empty()).options();
            if (!options.contains(option)) {
                throw CsiException.invalidArgument("mount option %s is dropped: %s", option, options);
            }
        };
    }

    private static Map<String, String> with(Map<String, String> base, Map.Entry<String, String> entry) {
        Map<String, String> context = new HashMap<>(base);
        context.put(entry.getKey(), entry.getValue());
        return context;
    }

    /**
     * Secret keys reach the backend only with a request, so the check is the backend's own
     * reference: a key accepted is named there on a line about secrets, and not as unsupported;
     * a key refused is named as unsupported.
     */
    private static void checkDocumented(Entry e) {
        String marker = "`" + e.key() + "`";
        List<String> lines = new java.util.ArrayList<>();
        for (String file : List.of("README.md", "PARAMETERS.md")) {
            // A line about secrets: it says so, or it is in a section whose heading does.
            boolean secretSection = false;
            for (String line : Repo.read(Repo.root().resolve("backend-" + e.backend() + "/" + file)).lines().toList()) {
                if (line.startsWith("#")) {
                    secretSection = line.toLowerCase(Locale.ROOT).contains("secret");
                }
                if (line.contains(marker) && (secretSection || line.toLowerCase(Locale.ROOT).contains("secret"))) {
                    lines.add(line);
                }
            }
        }
        boolean refusedThere = lines.stream().anyMatch(l -> l.contains("not supported"));
        if (e.accepted()) {
            assertTrue(!lines.isEmpty() && !refusedThere, e + ": backend-" + e.backend() + "'s README.md or PARAMETERS.md "
                    + "names it, and not as unsupported: " + lines);
        } else {
            assertTrue(refusedThere, e + ": backend-" + e.backend() + "'s README.md or PARAMETERS.md names it as not supported");
        }
    }

    private static Map<String, OptionSpec> launcherOptions() {
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        for (String mode : List.of("controller", "node", "all")) {
            CommandLine command = Main.commandLine().getSubcommands().get(mode);
            assertNotNull(command, "the launcher has no '" + mode + "' command");
            command.getCommandSpec().options().forEach(o -> Arrays.stream(o.names()).forEach(n -> options.putIfAbsent(n, o)));
        }
        return options;
    }

    /**
     * A flag accepted is an option of the launcher's controller, node and all commands; one
     * refused does not parse, or is another backend's flag under the same name (the launcher's
     * aws-ebs-csi-driver shorthands, whose descriptions start with "EBS:").
     */
    private static void checkFlag(Entry e) {
        Map<String, OptionSpec> options = launcherOptions();
        OptionSpec option = options.get(e.name());
        if (e.accepted()) {
            assertNotNull(option, e + ": the launcher has no such option");
            for (String mode : List.of("controller", "node", "all")) {
                assertTrue(Main.commandLine().getSubcommands().get(mode).getCommandSpec().findOption(e.name()) != null,
                        e + ": polycsi " + mode + " has no such option");
            }
            if (option.defaultValue() != null) {
                checkDefault(e, option.defaultValue());
            }
        } else if (option != null) {
            String description = String.join(" ", option.description());
            assertTrue(!e.backend().equals("ebs") && description.startsWith("EBS:"),
                    e + ": the launcher accepts it: " + description);
        } else {
            String arg = e.name().startsWith("--") ? e.name() + "=1" : e.name();
            CommandLine.ParameterException refused = assertThrows(CommandLine.ParameterException.class,
                    () -> Main.commandLine().parseArgs("node", arg), e + ": the launcher accepts it");
            assertTrue(refused.getMessage().contains(e.name()), e + ": the refusal names it: " + refused.getMessage());
        }
    }

    /** What a refused entry points to instead exists: a launcher flag, a backend option, or a key of the same kind. */
    private static void checkInstead(Entry e, BackendFactory factory) {
        String instead = e.polycsi();
        if (instead.startsWith("-")) {
            assertTrue(launcherOptions().containsKey(instead), e + ": the launcher has no " + instead);
        } else if (instead.startsWith(e.backend() + ".")) {
            String key = instead.substring(e.backend().length() + 1);
            assertTrue(factory.options().parameters().stream().anyMatch(p -> p.key().equals(key)),
                    e + ": backend " + e.backend() + " has no option " + key);
        } else {
            ParameterSchema schema = switch (e.kind()) {
                case "storageclass" -> factory.volumeParameters();
                case "snapshotclass" -> factory.snapshotParameters();
                case "mutable" -> factory.mutableParameters();
                default -> throw new AssertionError(e + ": '" + instead + "' is neither a flag nor a backend option");
            };
            assertTrue(schema.parameters().stream().anyMatch(p -> p.key().equals(instead)), e + ": " + instead + " is no key of " + e.kind());
        }
    }

    private static Optional<CsiException> parseFailure(Runnable parse) {
        try {
            parse.run();
            return Optional.empty();
        } catch (CsiException failure) {
            return Optional.of(failure);
        }
    }

    @Test
    void theRenderedTablesAreCurrent() throws IOException {
        String expected = ParityDoc.render(tables(), Backends.builtIn(), REGENERATE);
        Path doc = Repo.root().resolve("docs/parity.md");
        if (Boolean.getBoolean("polycsi.writeParity")) {
            Files.writeString(doc, expected);
        }
        assertEquals(expected, Files.exists(doc) ? Files.readString(doc) : "", doc + " is out of date; regenerate with: " + REGENERATE);
    }
}
