package dev.polycsi.filecache.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.filecache.FileCacheBackendFactory;
import dev.polycsi.filecache.FileCacheVolumes;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps backend-filecache/PARAMETERS.md equal to what the schema, the grammar and the capacity
 * rule print, with every example in it resolved by the code, so the reference cannot drift from
 * what the code accepts. Regenerate with
 * {@code mvn25 -o -q test -pl backend-filecache -am -Dtest=ParametersDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dpolycsi.writeDocs=true}.
 */
class ParametersDocTest {

    static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("PARAMETERS.md");
    static final String REGENERATE = "mvn25 -o -q test -pl backend-filecache -am -Dtest=ParametersDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dpolycsi.writeDocs=true";

    /** A StorageClass line of the examples, checked by resolving it. */
    private record Example(String title, String key, String value) {}

    private static final List<Example> EXAMPLES = List.of(
            new Example("Two S3 prefixes", DataRepositoryAssociations.KEY,
                    "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/ FileCachePath=/ns2/,DataRepositoryPath=s3://training-data/set2/"),
            new Example("An NFS export, with the DNS servers that resolve the NFS server's name", DataRepositoryAssociations.KEY,
                    "FileCachePath=/home/,DataRepositoryPath=nfs://filer.example.com/export/home,NFS={Version=NFS3,DnsIps=[10.0.0.2,10.0.0.3]}"),
            new Example("Several exports of one NFS server (the official driver's example)", DataRepositoryAssociations.KEY,
                    "FileCachePath=/ns1/,DataRepositoryPath=nfs://10.0.92.69/,NFS={Version=NFS3},DataRepositorySubdirectories=[subdir1,subdir2,subdir3]"),
            new Example("The whole cache for the exports of one NFS server", DataRepositoryAssociations.KEY,
                    "FileCachePath=/,DataRepositoryPath=nfs://filer.example.com,DataRepositorySubdirectories=[/export1,/export2]"),
            new Example("LustreConfiguration (every key may be left out: these are the only values, and the defaults)",
                    LustreConfiguration.KEY, "DeploymentType=CACHE_1,PerUnitStorageThroughput=1000,MetadataConfiguration={StorageCapacity=2400}"));

    /** Malformed values, whose messages the document shows as the code prints them. */
    private static final List<Example> FAULTS = List.of(
            new Example("", DataRepositoryAssociations.KEY, "FileCachePath=/ns1/,NFS,DataRepositoryPath=s3://training-data/set1/"),
            new Example("", DataRepositoryAssociations.KEY,
                    "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/a FileCachePath=/ns1/b,DataRepositoryPath=s3://training-data/b"),
            new Example("", LustreConfiguration.KEY, "DeploymentType=CACHE_1,PerUnitStorageThroughput=500"));

    static String examples() {
        return EXAMPLES.stream().map(example -> {
            Requests.resolve(example.key(), example.value()); // fails the test if the example is not accepted
            return "%s:\n\n```yaml\n  %s: \"%s\"\n```\n".formatted(example.title(), example.key(), example.value());
        }).collect(Collectors.joining("\n"));
    }

    static String faults() {
        return FAULTS.stream().map(example -> {
            CsiException e = assertThrows(CsiException.class, () -> Requests.resolve(example.key(), example.value()));
            return "- `%s: \"%s\"`  \n  → %s".formatted(example.key(), example.value(), e.getMessage());
        }).collect(Collectors.joining("\n")) + "\n";
    }

    static String capacityTable() {
        StringBuilder table = new StringBuilder("| PVC asks for | Cache created |\n|---|---|\n");
        table.append("| no size | ").append(StorageCapacity.forCreate(CapacityRange.ANY)).append(" GiB |\n");
        for (long gib : List.of(1L, 1200L, 1201L, 2000L, 2400L, 2401L, 5000L, 10_000L)) {
            table.append("| ").append(gib).append(" GiB | ")
                    .append(StorageCapacity.forCreate(new CapacityRange(gib * StorageCapacity.GIB, 0))).append(" GiB |\n");
        }
        return table.toString();
    }

    static String render() {
        return """
                <!-- Generated from the parameter schema, the shorthand grammar and the capacity rule by ParametersDocTest \
                (backend-filecache/src/test/java/dev/polycsi/filecache/params/ParametersDocTest.java), which fails when this file is \
                out of date and resolves every example in it. Do not edit; regenerate with: %s -->
                # `backend: filecache` parameters

                One Amazon File Cache per volume. Names follow aws-file-cache-csi-driver, so its StorageClasses
                work unchanged; keys are case-sensitive as there (`LustreConfiguration` has a capital L), and so
                are enum values, as in FSx. Booleans take what Go's `ParseBool` takes. Parsing is strict: an
                unknown key, a bad value or anything CreateFileCache would refuse is refused with
                INVALID_ARGUMENT naming the parameter, before anything is asked of FSx. A cache's data
                repository associations are created with it and cannot change afterwards.

                ## StorageClass

                %s
                ## The shorthand of `dataRepositoryAssociations` and `LustreConfiguration`

                Both are written in the official driver's shorthand, read here by a parser of this grammar:

                ```
                %s```

                Associations are separated by whitespace (spaces, tabs, line breaks, so a YAML folded scalar
                `>-` works), the items of one by commas. There is no quoting, as in the official driver: quotes
                are ordinary characters, and a value cannot hold whitespace, `,`, brackets or braces. A fault is reported with the parameter, the 1-based
                character position and an excerpt marked `>>` at the fault; for example:

                %s
                ### `dataRepositoryAssociations`

                | Key | Value | Rules |
                |---|---|---|
                | `FileCachePath` | `/PATH` | **Required.** Where the repository appears in the cache. Starts with `/`; no `.` or `..` component; at most 4096 characters. `/` (the whole cache) only for an NFS repository with `DataRepositorySubdirectories`, and then as the only association. |
                | `DataRepositoryPath` | `s3://BUCKET[/PREFIX]`, `nfs://HOST/EXPORT`, or `nfs://HOST` | **Required.** An S3 bucket (3 to 63 lower-case letters, digits, `.` and `-`) and optional prefix; or an NFSv3 export (HOST a DNS name or IPv4 address); or, with `DataRepositorySubdirectories`, the NFS server alone (`nfs://HOST` or `nfs://HOST/`). At most 4357 characters. |
                | `DataRepositorySubdirectories` | `[EXPORT,…]` | NFS only: up to 500 exports of the server in `DataRepositoryPath`, e.g. `[/export1,/export2]`; no repeats. |
                | `NFS` | `{Version=NFS3[,DnsIps=[IP,…]]}` | NFS only. `Version` is required inside and must be `NFS3`; `DnsIps` lists up to 10 IPv4 or IPv6 addresses of DNS servers for the NFS server's name (the API's limit; its text says "up to 2"). Default `{Version=NFS3}`. |

                Between associations: at most 8; all S3 or all NFS; no two `FileCachePath`s may overlap,
                comparing whole `/`-separated components (`/ns1` and `/ns1/` are the same path and overlap
                `/ns1/a`; `/ns1` and `/ns10` do not).

                %s
                ### `LustreConfiguration`

                | Key | Value | Default |
                |---|---|---|
                | `DeploymentType` | `CACHE_1` | `CACHE_1` |
                | `PerUnitStorageThroughput` | `1000` (MB/s per TiB) | `1000` |
                | `MetadataConfiguration` | `{StorageCapacity=2400}` (GiB) | `{StorageCapacity=2400}` |

                File Cache offers one value for each, so the parameter only restates them; any other value is
                refused. The maintenance window is the separate `weeklyMaintenanceStartTime`.

                ## Capacity

                File Cache takes %s. The PVC's request is rounded up to the next of those
                (the official driver's rounding); a PVC without a size gets 1200 GiB; a size above the PVC's
                limit, or beyond CreateFileCache's 32-bit StorageCapacity, is OUT_OF_RANGE. A cache cannot
                grow: UpdateFileCache changes only the maintenance window.

                %s
                ## Where this differs from the official driver

                Every value the official driver reads correctly means the same here (a property test checks
                accepted values against a re-implementation of its reading). The differences are refusals of
                what it mishandles, and defaults where it sends nothing valid:

                - An item without `=` is INVALID_ARGUMENT at its position; the official driver panics on it.
                - `LustreConfiguration` is parsed by the same grammar, aware of braces; the official driver
                  splits it at every comma, which happens to work only for its one documented form.
                - Whitespace inside `[…]` or `{…}` is refused; the official driver splits the association there.
                - Unknown or misspelt keys (`fileCachePath`, `perUnitStorageThroughput`, `AutoImportPolicy`) and
                  keys given twice are refused; the official driver ignores the former, so FSx gets an
                  association without paths, and takes the last of the latter.
                - Empty keys, values, lists and groups, stray and trailing commas, unbalanced brackets and
                  text after a closing bracket are refused; the official driver sends what its string slicing
                  leaves.
                - Every rule of CreateFileCache listed above is checked before FSx is asked; the official
                  driver leaves them to FSx, whose refusal it reports as INTERNAL.
                - An NFS association without `NFS={…}` is sent with `Version=NFS3`, the only version; the
                  official driver sends no NFS configuration, leaving FSx to decide.
                - Values cannot hold `[`, `]`, `{`, `}` (nor whitespace or `,`), which the official driver would
                  take for nesting; a `FileCachePath` cannot have `.` or `..` components, so that overlaps can
                  be judged on components; with `DataRepositorySubdirectories`, `DataRepositoryPath` must be
                  the server alone, as the API reference says.
                - `fileCacheTypeVersion` defaults to 2.12 whether or not `fileCacheType` is set; the official
                  driver sends an empty version when only `fileCacheType` is set, and ignores
                  `fileCacheTypeVersion` when `fileCacheType` is not.
                - `dataRepositoryAssociations` is required and must hold an association; the official driver
                  refuses an empty value with INTERNAL and sends none for a value of spaces.
                - A PVC whose capacity range gives no size gets 1200 GiB, and limit_bytes is honoured; the
                  official driver asks for 0 GiB when the range is present without required_bytes, and ignores
                  limit_bytes.
                - `securityGroupIds` left out sends none (FSx uses the VPC's default group); the official driver
                  sends one empty ID. Spaces around the commas are dropped.
                - `copyTagsToDataRepositoryAssociations` that is not a boolean is INVALID_ARGUMENT, not INTERNAL.
                - `extraTags`: an empty value is no tags and `a=b=c` is refused (the official driver panics on
                  the first and sends `a=b` for the second); `CSIVolumeName` and `aws:*` keys are refused.
                - An empty `LustreConfiguration` is refused, as it has no Key=Value; the official driver panics
                  on it.

                ## Volume context (PersistentVolume `volumeAttributes`)

                A static PersistentVolume names the cache as `volumeHandle: filecache:fc-0123456789abcdef0`
                (fc- and 17 hex digits, or 8 as FSx's model allows). The official driver's bare
                `fc-0123456789abcdef0` works too: no other backend has ids of that form. Its volumeAttributes,
                which CreateVolume also returns for a dynamic volume:

                | Key | Default | Meaning |
                |---|---|---|
                | `dnsname` | **required** | The cache's DNS name (`fc-….fsx.<region>.amazonaws.com`, or an alias or IPv4 address of it). |
                | `mountname` | **required** | The cache's mount name (1 to 8 letters, digits, `_`, `-`; DescribeFileCaches' `LustreConfiguration.MountName`). Every cache has its own, so there is no default. |

                The node mounts `<dnsname>@tcp:/<mountname>` with `%s` before the volume's own mount options.
                Keys are case-sensitive, as in the official driver; any other key is refused.

                ## Driver options

                Given as `--backend-option filecache.KEY=VALUE`.

                %s""".formatted(REGENERATE, VolumeParameters.SCHEMA.toMarkdown(), Shorthand.GRAMMAR, faults(), examples(),
                StorageCapacity.DESCRIPTION, capacityTable(), String.join(",", FileCacheVolumes.DEFAULT_MOUNT_OPTIONS),
                new FileCacheBackendFactory().options().toMarkdown());
    }

    @Test
    void parametersDocumentMatchesTheSchema() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("polycsi.writeDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(expected, actual, DOC.toAbsolutePath() + " is out of date; regenerate it with " + REGENERATE);
    }
}
