package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.ontap.params.OntapTags;
import dev.polycsi.fsx.support.FsxTags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The IAM policies in deploy/iam: every AWS action a backend's code calls (ebs, efs, fsx-lustre,
 * filecache, fsx-ontap) is allowed by that backend's policy and by the combined one, and nothing
 * more (least privilege), except what AWS itself asks of the caller for those calls, each
 * documented ({@link AwsCalls#FSX_LUSTRE_ON_FSX_BEHALF} and {@link AwsCalls#FILECACHE_ON_FSX_BEHALF}:
 * FSx's service-linked roles, the S3 data repository's role, the EC2 look-ups FSx makes with the
 * caller's credentials, and for File Cache the data repository associations FSx creates and
 * deletes with a cache); mutating actions are scoped by resource or condition (for FSx for ONTAP,
 * each action on each resource under its condition, with why); the combined policy grants exactly
 * the union of the others (each action on each resource under the same condition; statements the
 * backends share, such as FSx's service-linked roles, are written once) and fits IAM's
 * 6,144-character limit for managed policies.
 */
class IamPolicyTest {

    private static final Map<String, Supplier<Set<String>>> CALLS = Map.of(
            "ebs", AwsCalls::ebs, "efs", AwsCalls::efs, "fsx-lustre", AwsCalls::fsxLustre, "filecache", AwsCalls::fileCache,
            "fsx-ontap", AwsCalls::fsxOntap);
    /** What FSx asks of the caller on the FSx backends' calls, with why. */
    private static final Map<String, Map<String, String>> ON_FSX_BEHALF = Map.of(
            "fsx-lustre", AwsCalls.FSX_LUSTRE_ON_FSX_BEHALF, "filecache", AwsCalls.FILECACHE_ON_FSX_BEHALF);
    /** Actions a policy grants that the code does not call, because AWS asks them of the caller on the code's calls. */
    private static final Map<String, Set<String>> ON_AWS_BEHALF = Map.of(
            "ebs", Set.of(), "efs", Set.of(),
            "fsx-lustre", ON_FSX_BEHALF.get("fsx-lustre").keySet(), "filecache", ON_FSX_BEHALF.get("filecache").keySet(),
            // Volumes and backups live in the file system the StorageClass names: FSx creates no role and looks up no network.
            "fsx-ontap", Set.of());
    private static final List<String> BACKENDS = List.of("ebs", "efs", "fsx-lustre", "fsx-ontap", "filecache");

    static Stream<Path> policies() {
        return Repo.files(Repo.deploy("iam"), ".json").stream();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void everyPolicyIsWellFormedAndScoped(Path file) {
        IamPolicy policy = IamPolicy.read(file);
        assertEquals("2012-10-17", policy.version(), file.toString());
        assertFalse(policy.statements().isEmpty());
        Set<String> sids = new HashSet<>();
        for (IamPolicy.Statement s : policy.statements()) {
            assertTrue(sids.add(s.sid()), file + ": Sid " + s.sid() + " twice");
            assertEquals("Allow", s.effect(), file + ": " + s.sid());
            for (String action : s.actions()) {
                assertTrue(action.matches("[a-z0-9-]+:[A-Za-z]+"), file + ": " + s.sid() + " names no single action: " + action);
            }
            boolean everywhere = s.resources().contains("*");
            if (everywhere && !s.conditional()) {
                for (String action : s.actions()) {
                    assertTrue(action.matches("[a-z0-9-]+:(Describe|List|Get)\\w*"),
                            file + ": " + s.sid() + " allows " + action + " on every resource with no condition");
                }
            }
        }
        long size = Repo.read(file).chars().filter(c -> !Character.isWhitespace(c)).count();
        assertTrue(size <= 6144, file + " has " + size + " characters; IAM managed policies take 6,144");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ebs", "efs", "fsx-lustre", "filecache", "fsx-ontap"})
    void theCodesCallsAreAllowedAndNothingElse(String backend) {
        Set<String> called = CALLS.get(backend).get();
        assertTrue(called.size() >= 4, backend + ": found only " + called + " in the sources; has the calling convention changed?");
        IamPolicy own = IamPolicy.read(Repo.deploy("iam/" + backend + ".json"));
        IamPolicy combined = IamPolicy.read(Repo.deploy("iam/all-backends.json"));
        for (String action : called) {
            assertTrue(own.allows(action), backend + ".json does not allow " + action + ", which the code calls");
            assertTrue(combined.allows(action), "all-backends.json does not allow " + action);
        }
        Set<String> onBehalf = ON_AWS_BEHALF.get(backend);
        for (String action : onBehalf) {
            assertTrue(combined.allows(action), "all-backends.json does not allow " + action + ", which " + backend + " needs");
        }
        Set<String> granted = new TreeSet<>();
        own.statements().forEach(s -> granted.addAll(s.actions()));
        granted.removeAll(called);
        assertEquals(new TreeSet<>(onBehalf), granted,
                backend + ".json must grant the code's calls and, beyond them, exactly what AWS asks of the caller for them");
    }

    @Test
    void fsxLustreChangesOnlyFileSystemsTheDriverTags() {
        // The controller puts CSIVolumeName on every file system it creates (LustreController),
        // and deletes only file systems with that tag: creation needs the tag in the request,
        // updates and deletions need it on the file system, as in ebs.json.
        String tag = FsxTags.VOLUME_NAME_TAG;
        IamPolicy policy = IamPolicy.read(Repo.deploy("iam/fsx-lustre.json"));
        Map<String, String> conditionOf = Map.of(
                "fsx:CreateFileSystem", "aws:RequestTag/" + tag,
                "fsx:TagResource", "aws:RequestTag/" + tag,
                "fsx:UpdateFileSystem", "aws:ResourceTag/" + tag,
                "fsx:DeleteFileSystem", "aws:ResourceTag/" + tag);
        for (IamPolicy.Statement s : policy.statements()) {
            for (String action : s.actions()) {
                String condition = conditionOf.get(action);
                if (condition != null) {
                    assertEquals(List.of("arn:aws:fsx:*:*:file-system/*"), s.resources(), s.sid() + ": " + action);
                    assertTrue(s.json().toString().contains("\"" + condition + "\""), s.sid() + ": " + action + " needs " + condition);
                }
            }
        }
        assertTrue(policy.allows("fsx:DescribeFileSystems"));
    }

    @Test
    void fileCacheChangesOnlyCachesTheDriverTags() {
        // The controller puts CSIVolumeName on every cache it creates (CacheCreation), and deletes
        // only caches with that tag: creation needs the tag in the request (also where FSx
        // authorizes the associations and tags made with the cache), deletion needs it on the
        // cache. The associations a deletion takes with it carry the cache's tags only with
        // copyTagsToDataRepositoryAssociations, so they are scoped to caches' associations
        // (association/fc-…) instead: the cache itself still needs its tag.
        String tag = FsxTags.VOLUME_NAME_TAG;
        String caches = "arn:aws:fsx:*:*:file-cache/*";
        String associations = "arn:aws:fsx:*:*:association/*";
        String cachesAssociations = "arn:aws:fsx:*:*:association/fc-*";
        IamPolicy policy = IamPolicy.read(Repo.deploy("iam/filecache.json"));
        for (IamPolicy.Statement s : policy.statements()) {
            for (String action : s.actions()) {
                String what = s.sid() + ": " + action;
                switch (action) {
                    case "fsx:CreateFileCache", "fsx:TagResource", "fsx:CreateDataRepositoryAssociation" -> {
                        assertTrue(List.of(caches, associations).containsAll(s.resources()), what + " on " + s.resources());
                        assertEquals(List.of("*"), conditionValues(s, "aws:RequestTag/" + tag), what + " needs aws:RequestTag/" + tag);
                    }
                    case "fsx:DeleteFileCache" -> assertTrue(s.resources().equals(List.of(cachesAssociations))
                            || s.resources().equals(List.of(caches)) && conditionValues(s, "aws:ResourceTag/" + tag).equals(List.of("*")),
                            what + ": a cache only with aws:ResourceTag/" + tag + ", or its associations");
                    case "fsx:DeleteDataRepositoryAssociation" -> assertEquals(List.of(cachesAssociations), s.resources(), what);
                    default -> {
                    }
                }
            }
        }
        assertTrue(policy.allows("fsx:DescribeFileCaches"));
        assertTrue(policy.allows("fsx:ListTagsForResource"));
    }

    @Test
    void fsxOntapChangesOnlyVolumesAndBackupsTheDriverTags() {
        // What fsx-ontap.json grants, each action on each resource under its condition, and why.
        // The resources each FSx API authorizes are the Service Authorization Reference's for
        // Amazon FSx: CreateVolume a volume and its SVM; CreateVolumeFromBackup a volume, its SVM
        // and the backup; CreateBackup a backup and its volume; DeleteVolume the volume and, when
        // it takes a final backup, that backup (authorized as fsx:DeleteVolume, its tags as
        // fsx:TagResource: the reference maps the DeleteVolume API to no fsx:CreateBackup, unlike
        // DeleteFileSystem); tags given at creation are fsx:TagResource on the new resource.
        String volumeTag = OntapTags.VOLUME_NAME_TAG;
        String snapshotTag = OntapTags.SNAPSHOT_NAME_TAG;
        String volumes = "arn:aws:fsx:*:*:volume/*";
        String svms = "arn:aws:fsx:*:*:storage-virtual-machine/*";
        String backups = "arn:aws:fsx:*:*:backup/*";
        String newVolumeTagged = condition("{\"StringLike\": {\"aws:RequestTag/" + volumeTag + "\": \"*\"}}");
        String volumeTagged = condition("{\"StringLike\": {\"aws:ResourceTag/" + volumeTag + "\": \"*\"}}");
        String newBackupTagged = condition("{\"ForAnyValue:StringEquals\": {\"aws:TagKeys\": [\"" + snapshotTag + "\", \"" + volumeTag + "\"]}}");
        String backupTagged = condition("{\"StringLike\": {\"aws:ResourceTag/" + snapshotTag + "\": \"*\"}}");
        Map<Grant, String> expected = new java.util.LinkedHashMap<>();
        for (String describe : List.of("fsx:DescribeStorageVirtualMachines", "fsx:DescribeVolumes", "fsx:DescribeBackups")) {
            expected.put(new Grant(describe, "*", ""), "reading: FSx's Describe actions take no resource");
        }
        for (String create : List.of("fsx:CreateVolume", "fsx:CreateVolumeFromBackup")) {
            expected.put(new Grant(create, volumes, newVolumeTagged), "a new volume only with the PV name it is made for (CSIVolumeName)");
            expected.put(new Grant(create, svms, ""), "in whichever SVM a StorageClass names: the SVM is the user's, with no tag of the driver");
        }
        expected.put(new Grant("fsx:TagResource", volumes, newVolumeTagged), "a new volume's tags, given at creation");
        expected.put(new Grant("fsx:CreateVolumeFromBackup", backups, ""),
                "restoring any backup a VolumeSnapshotContent names: a restore reads the backup and changes nothing");
        expected.put(new Grant("fsx:UpdateVolume", volumes, volumeTagged), "growing only volumes the driver made; a static volume keeps its size");
        expected.put(new Grant("fsx:DeleteVolume", volumes, volumeTagged), "deleting only volumes the driver made (OntapController checks the tag too)");
        expected.put(new Grant("fsx:CreateBackup", volumes, ""), "backing up any volume, static ones too, as EBS snapshots any volume");
        for (String tagged : List.of("fsx:CreateBackup", "fsx:DeleteVolume", "fsx:TagResource")) {
            expected.put(new Grant(tagged, backups, newBackupTagged), "a backup made only with one of the driver's tags: a VolumeSnapshot's "
                    + "CSIVolumeSnapshotName (CreateBackup), or the CSIVolumeName of DeleteVolume's final backup (FinalBackupTags)");
        }
        expected.put(new Grant("fsx:DeleteBackup", backups, backupTagged), "deleting only VolumeSnapshots' backups: not the final backups "
                + "(CSIVolumeName) nor the automatic ones, which copyTagsToBackups tags CSIVolumeName");
        assertEquals(new TreeSet<>(expected.keySet()), grants(IamPolicy.read(Repo.deploy("iam/fsx-ontap.json"))),
                "fsx-ontap.json must grant exactly these: " + expected);
        assertTrue(Set.of(OntapTags.DRIVER_KEYS.toArray()).containsAll(List.of(volumeTag, snapshotTag)));
    }

    /** A Condition as {@link #grants} keeps it. */
    private static String condition(String json) {
        return software.amazon.awssdk.protocols.jsoncore.JsonNodeParser.create().parse(json).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fsx-lustre", "filecache"})
    void whatFsxAsksOfTheCallerIsScopedToFsx(String backend) {
        // Granted for FSx's sake only: the service-linked roles by FSx's service names, the S3
        // data source's role by its path, the EC2 look-ups only when FSx makes them (aws:CalledVia),
        // a cache's data repository associations only as associations, created with the request's
        // tag and deleted only as caches' associations.
        Map<String, String> onBehalf = ON_FSX_BEHALF.get(backend);
        Set<String> fsxServices = Set.of("fsx.amazonaws.com", "s3.data-source.lustre.fsx.amazonaws.com");
        String s3DataSourceRoles = "arn:aws:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*";
        IamPolicy policy = IamPolicy.read(Repo.deploy("iam/" + backend + ".json"));
        for (IamPolicy.Statement s : policy.statements()) {
            for (String action : s.actions()) {
                if (!onBehalf.containsKey(action)) {
                    continue;
                }
                switch (action.substring(0, action.indexOf(':'))) {
                    case "iam" -> {
                        List<String> services = conditionValues(s, "iam:AWSServiceName");
                        assertTrue(!services.isEmpty() && fsxServices.containsAll(services) || s.resources().equals(List.of(s3DataSourceRoles)),
                                s.sid() + ": " + action + " must be limited to FSx's service-linked roles");
                    }
                    case "ec2" -> assertEquals(List.of("fsx.amazonaws.com"), conditionValues(s, "aws:CalledVia"),
                            s.sid() + ": " + action + " must be limited to FSx's calls (aws:CalledVia fsx.amazonaws.com)");
                    case "fsx" -> {
                        assertTrue(action.endsWith("DataRepositoryAssociation"), s.sid() + ": no scoping rule for " + action);
                        List<String> associations = s.resources().stream().filter(r -> r.startsWith("arn:aws:fsx:*:*:association/")).toList();
                        assertFalse(associations.isEmpty(), s.sid() + ": " + action + " must name associations");
                        if (action.startsWith("fsx:Create")) {
                            assertFalse(conditionValues(s, "aws:RequestTag/" + FsxTags.VOLUME_NAME_TAG).isEmpty(),
                                    s.sid() + ": " + action + " only with the driver's tag in the request");
                        } else {
                            assertEquals(List.of("arn:aws:fsx:*:*:association/fc-*"), s.resources(),
                                    s.sid() + ": " + action + " only on caches' associations");
                        }
                    }
                    default -> throw new AssertionError(s.sid() + ": no scoping rule for " + action);
                }
            }
        }
        assertFalse(onBehalf.values().stream().anyMatch(String::isBlank), "say why each is there");
    }

    /** The values a statement's Condition gives {@code key}, under any operator. */
    private static List<String> conditionValues(IamPolicy.Statement statement, String key) {
        JsonNode condition = statement.json().asObject().get("Condition");
        List<String> values = new ArrayList<>();
        if (condition != null) {
            for (JsonNode operator : condition.asObject().values()) {
                JsonNode value = operator.asObject().get(key);
                if (value != null) {
                    if (value.isArray()) {
                        value.asArray().forEach(v -> values.add(v.asString()));
                    } else {
                        values.add(value.asString());
                    }
                }
            }
        }
        return values;
    }

    @Test
    void theCombinedPolicyGrantsExactlyTheUnionOfTheBackends() {
        // Not the statements one after another: that would not fit IAM's limit. Each action on
        // each resource under each condition that some backend's policy grants, and nothing else.
        Set<Grant> union = new TreeSet<>();
        for (String backend : BACKENDS) {
            union.addAll(grants(IamPolicy.read(Repo.deploy("iam/" + backend + ".json"))));
        }
        Set<Grant> combined = grants(IamPolicy.read(Repo.deploy("iam/all-backends.json")));
        Set<Grant> missing = new TreeSet<>(union);
        missing.removeAll(combined);
        Set<Grant> extra = new TreeSet<>(combined);
        extra.removeAll(union);
        assertEquals(Set.of(), missing, "all-backends.json lacks what the policies of " + BACKENDS + " grant");
        assertEquals(Set.of(), extra, "all-backends.json grants more than the policies of " + BACKENDS);
    }

    @Test
    void aWidenedCombinedStatementIsNoticed(@TempDir Path dir) throws Exception {
        // Merging two statements with different resources grants each action on the other's
        // resources too: the grants differ.
        Path merged = dir.resolve("merged.json");
        Files.writeString(merged, """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Merged", "Effect": "Allow", "Action": ["fsx:DeleteFileSystem", "fsx:DeleteFileCache"],
                   "Resource": ["arn:aws:fsx:*:*:file-system/*", "arn:aws:fsx:*:*:file-cache/*"],
                   "Condition": {"StringLike": {"aws:ResourceTag/CSIVolumeName": "*"}}}]}
                """);
        Set<Grant> separate = new TreeSet<>();
        for (String backend : List.of("fsx-lustre", "filecache")) {
            grants(IamPolicy.read(Repo.deploy("iam/" + backend + ".json"))).stream()
                    .filter(g -> g.action().equals("fsx:DeleteFileSystem") || g.action().equals("fsx:DeleteFileCache"))
                    .filter(g -> !g.condition().isEmpty())
                    .forEach(separate::add);
        }
        assertEquals(2, separate.size(), separate.toString());
        Set<Grant> widened = grants(IamPolicy.read(merged));
        assertTrue(widened.containsAll(separate), separate + " vs " + widened);
        widened.removeAll(separate);
        assertEquals(Set.of("fsx:DeleteFileSystem on arn:aws:fsx:*:*:file-cache/*", "fsx:DeleteFileCache on arn:aws:fsx:*:*:file-system/*"),
                widened.stream().map(g -> g.action() + " on " + g.resource()).collect(java.util.stream.Collectors.toSet()));
    }

    /** One thing a policy allows: an action on a resource pattern, under a statement's Condition (empty: none). */
    record Grant(String action, String resource, String condition) implements Comparable<Grant> {

        @Override
        public int compareTo(Grant other) {
            return toString().compareTo(other.toString());
        }
    }

    private static Set<Grant> grants(IamPolicy policy) {
        Set<Grant> grants = new TreeSet<>();
        for (IamPolicy.Statement s : policy.statements()) {
            JsonNode condition = s.json().asObject().get("Condition");
            for (String action : s.actions()) {
                for (String resource : s.resources()) {
                    grants.add(new Grant(action, resource, condition == null ? "" : condition.toString()));
                }
            }
        }
        return grants;
    }

    @Test
    void aMissingActionIsNoticed() {
        // The check above can fail: a policy without an action the code calls does not allow it.
        IamPolicy efs = IamPolicy.read(Repo.deploy("iam/efs.json"));
        assertFalse(efs.allows("ec2:CreateVolume"));
        assertTrue(efs.allows("elasticfilesystem:CreateAccessPoint"));
    }
}
