package dev.polycsi.deploy;

import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** docs/parity.md, rendered from the parity tables and the backends' schemas. */
final class ParityDoc {

    private static final Map<String, String> TITLES = Map.of(
            "storageclass", "StorageClass parameters",
            "snapshotclass", "VolumeSnapshotClass parameters",
            "mutable", "VolumeAttributesClass parameters",
            "context", "Volume attributes of a static PersistentVolume",
            "secret", "Provisioner secret keys",
            "mountoption", "Mount options the driver handles",
            "flag", "Command-line flags");
    private static final Map<String, Function<BackendFactory, ParameterSchema>> SCHEMAS = Map.of(
            "storageclass", BackendFactory::volumeParameters,
            "snapshotclass", BackendFactory::snapshotParameters,
            "mutable", BackendFactory::mutableParameters);

    private ParityDoc() {
    }

    static String render(List<ParityTest.Table> tables, Map<String, BackendFactory> factories, String regenerate) {
        StringBuilder out = new StringBuilder();
        out.append("<!-- Generated from docs/parity/*.tsv by ParityTest (deploy-tests/src/test/java/dev/polycsi/deploy/ParityTest.java), ")
                .append("which checks every entry against the backends' schemas, node parsers and the launcher's command line, and fails ")
                .append("when this file is out of date. Do not edit; change the .tsv files and regenerate with: ").append(regenerate).append(" -->\n");
        out.append("# polycsi and the official drivers\n\n");
        out.append("For each backend, every parameter, volume attribute, secret key, mount option and flag of the official driver it\n")
                .append("replaces, and what polycsi does with it: **same** (accepted, same meaning and default), **different default**\n")
                .append("(accepted, same meaning, another default, and why), or **refused** (an error naming it, why a user loses\n")
                .append("nothing that matters, and what to use instead where there is something). A refused StorageClass key fails\n")
                .append("CreateVolume with INVALID_ARGUMENT; a refused flag stops the driver at start-up, unless it is one of\n")
                .append("aws-ebs-csi-driver's under the same name, which the launcher takes for the EBS backend. The lists are in\n")
                .append("[docs/parity/](parity/), one file per backend, and a test holds polycsi to them.\n\n");
        out.append("| Backend | Compared with | Same | Different default | Refused |\n|---|---|---:|---:|---:|\n");
        for (ParityTest.Table table : tables) {
            out.append("| [`").append(table.backend()).append("`](#backend-").append(table.backend()).append(") | ")
                    .append(comparedWith(table)).append(" | ").append(count(table, "same")).append(" | ")
                    .append(count(table, "different-default")).append(" | ").append(count(table, "refused")).append(" |\n");
        }
        for (ParityTest.Table table : tables) {
            out.append("\n## backend: ").append(table.backend()).append("\n\n");
            table.prose().forEach(line -> out.append(line).append('\n'));
            for (String kind : ParityTest.KINDS) {
                List<ParityTest.Entry> entries = table.entries().stream().filter(e -> e.kind().equals(kind)).toList();
                if (entries.isEmpty()) {
                    continue;
                }
                out.append("\n### ").append(TITLES.get(kind)).append("\n\n");
                out.append("| Name | Official default | Verdict | polycsi's default, or instead | Why | Source |\n|---|---|---|---|---|---|\n");
                for (ParityTest.Entry e : entries) {
                    out.append("| `").append(e.name()).append("` | ").append(e.officialDefault()).append(" | ").append(verdict(e.verdict()))
                            .append(" | ").append(e.polycsi().isEmpty() ? "" : "`" + e.polycsi() + "`").append(" | ").append(e.why())
                            .append(" | ").append(e.source()).append(" |\n");
                }
            }
            List<String> extras = onlyHere(table, factories.get(table.backend()));
            if (!extras.isEmpty()) {
                out.append("\nAccepted by polycsi only (not by the official driver): ").append(String.join(", ", extras)).append(".\n");
            }
        }
        return out.toString();
    }

    private static String comparedWith(ParityTest.Table table) {
        return switch (table.backend()) {
            case "ebs" -> "aws-ebs-csi-driver v1.64.0";
            case "efs" -> "aws-efs-csi-driver (master)";
            case "fsx-lustre" -> "aws-fsx-csi-driver v1.9.0";
            case "filecache" -> "aws-file-cache-csi-driver v0.1.0";
            case "fsx-ontap" -> "the FSx API (and Trident's StorageClass parameters)";
            default -> "";
        };
    }

    private static long count(ParityTest.Table table, String verdict) {
        return table.entries().stream().filter(e -> e.verdict().equals(verdict)).count();
    }

    private static String verdict(String verdict) {
        return switch (verdict) {
            case "different-default" -> "different default";
            case "refused" -> "**refused**";
            default -> verdict;
        };
    }

    /** Keys of the backend's class schemas that the official list does not have. */
    private static List<String> onlyHere(ParityTest.Table table, BackendFactory factory) {
        List<String> extras = new ArrayList<>();
        for (String kind : List.of("storageclass", "snapshotclass", "mutable")) {
            Set<String> official = table.entries().stream().filter(e -> e.kind().equals(kind))
                    .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            ParameterSchema schema = SCHEMAS.get(kind).apply(factory);
            List<String> keys = new ArrayList<>(schema.parameters().stream().map(Parameter::key).toList());
            schema.prefixes().keySet().forEach(prefix -> keys.add(prefix + "*"));
            for (String key : keys) {
                String lower = key.toLowerCase(Locale.ROOT);
                if (!official.contains(lower) && !key.startsWith("csi.storage.k8s.io/")) {
                    extras.add("`" + key + "` (" + TITLES.get(kind).replace(" parameters", "") + ")");
                }
            }
        }
        return extras;
    }
}
