package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.lustre.params.LustreTags;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The IAM policies in deploy/iam: every AWS action a built backend's code calls (ebs, efs,
 * fsx-lustre) is allowed by that backend's policy and by the combined one, and nothing more
 * (least privilege), except what AWS itself asks of the caller for those calls, each documented
 * (for fsx-lustre, {@link AwsCalls#FSX_LUSTRE_ON_FSX_BEHALF}: FSx's service-linked roles, the S3
 * data repository's role, the EC2 look-ups FSx makes with the caller's credentials); mutating
 * actions are scoped by resource or condition; the combined policy is the union of the others
 * and fits IAM's 6,144-character limit for managed policies. The policies of fsx-ontap and
 * filecache are written ahead of their backends and checked for shape only.
 */
class IamPolicyTest {

    private static final Map<String, Supplier<Set<String>>> CALLS = Map.of(
            "ebs", AwsCalls::ebs, "efs", AwsCalls::efs, "fsx-lustre", AwsCalls::fsxLustre);
    /** Actions a policy grants that the code does not call, because AWS asks them of the caller on the code's calls. */
    private static final Map<String, Set<String>> ON_AWS_BEHALF = Map.of(
            "ebs", Set.of(), "efs", Set.of(), "fsx-lustre", AwsCalls.FSX_LUSTRE_ON_FSX_BEHALF.keySet());
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
    @ValueSource(strings = {"ebs", "efs", "fsx-lustre"})
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
        String tag = LustreTags.VOLUME_NAME_TAG;
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
    void whatFsxAsksOfTheCallerIsScopedToFsx() {
        // Granted for FSx's sake only: the service-linked roles by FSx's service names, the S3
        // data source's role by its path, the EC2 look-ups only when FSx makes them (aws:CalledVia).
        Set<String> fsxServices = Set.of("fsx.amazonaws.com", "s3.data-source.lustre.fsx.amazonaws.com");
        String s3DataSourceRoles = "arn:aws:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*";
        IamPolicy policy = IamPolicy.read(Repo.deploy("iam/fsx-lustre.json"));
        for (IamPolicy.Statement s : policy.statements()) {
            for (String action : s.actions()) {
                if (!AwsCalls.FSX_LUSTRE_ON_FSX_BEHALF.containsKey(action)) {
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
                    default -> throw new AssertionError(s.sid() + ": no scoping rule for " + action);
                }
            }
        }
        assertFalse(AwsCalls.FSX_LUSTRE_ON_FSX_BEHALF.values().stream().anyMatch(String::isBlank), "say why each is there");
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
    void theCombinedPolicyIsTheUnionOfTheBackends() {
        List<String> union = new ArrayList<>();
        for (String backend : BACKENDS) {
            IamPolicy.read(Repo.deploy("iam/" + backend + ".json")).statements().forEach(s -> union.add(s.json().toString()));
        }
        List<String> combined = IamPolicy.read(Repo.deploy("iam/all-backends.json")).statements().stream().map(s -> s.json().toString()).toList();
        assertEquals(union, combined, "all-backends.json must be the statements of " + BACKENDS + ", in that order");
    }

    @Test
    void aMissingActionIsNoticed() {
        // The check above can fail: a policy without an action the code calls does not allow it.
        IamPolicy efs = IamPolicy.read(Repo.deploy("iam/efs.json"));
        assertFalse(efs.allows("ec2:CreateVolume"));
        assertTrue(efs.allows("elasticfilesystem:CreateAccessPoint"));
    }
}
