package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The IAM policies in deploy/iam: every AWS action a built backend's code calls is allowed by
 * that backend's policy and by the combined one, and nothing more (least privilege); mutating
 * actions are scoped by resource or condition; the combined policy is the union of the others
 * and fits IAM's 6,144-character limit for managed policies. The FSx policies (fsx-lustre,
 * fsx-ontap, filecache) are written ahead of their backends and checked for shape only.
 */
class IamPolicyTest {

    private static final Map<String, Supplier<Set<String>>> CALLS = Map.of("ebs", AwsCalls::ebs, "efs", AwsCalls::efs);
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
    @ValueSource(strings = {"ebs", "efs"})
    void theCodesCallsAreAllowedAndNothingElse(String backend) {
        Set<String> called = CALLS.get(backend).get();
        assertTrue(called.size() >= 4, backend + ": found only " + called + " in the sources; has the calling convention changed?");
        IamPolicy own = IamPolicy.read(Repo.deploy("iam/" + backend + ".json"));
        IamPolicy combined = IamPolicy.read(Repo.deploy("iam/all-backends.json"));
        for (String action : called) {
            assertTrue(own.allows(action), backend + ".json does not allow " + action + ", which the code calls");
            assertTrue(combined.allows(action), "all-backends.json does not allow " + action);
        }
        Set<String> granted = new TreeSet<>();
        own.statements().forEach(s -> granted.addAll(s.actions()));
        granted.removeAll(called);
        assertEquals(Set.of(), granted, backend + ".json grants actions the code never calls");
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
