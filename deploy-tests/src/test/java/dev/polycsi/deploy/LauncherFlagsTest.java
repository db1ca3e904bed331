package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.launcher.Main;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every argument a manifest gives polycsi is one the launcher's command line accepts (parsed by
 * the launcher's own picocli model, without running anything, after the kubelet's expansion of
 * $(VAR) references, for an IPv4 and an IPv6 pod address), every backend it enables is
 * built in, and every --backend-option names an option that backend declares.
 */
class LauncherFlagsTest {

    static Stream<K8sObject> workloads() {
        return Manifests.workloads();
    }

    /**
     * The pod's own fields a manifest passes polycsi through $(VAR) arguments, with example
     * values: the pod's address as an IPv4 and as an IPv6 cluster gives it.
     */
    private static final List<Map<String, String>> POD_FIELDS = List.of(
            Map.of("status.podIP", "192.0.2.10", "status.hostIP", "192.0.2.10", "spec.nodeName", "ip-192-0-2-10.ec2.internal"),
            Map.of("status.podIP", "2001:db8::10", "status.hostIP", "2001:db8::10", "spec.nodeName", "i-0123456789abcdef0.ec2.internal"));

    @ParameterizedTest
    @MethodSource("workloads")
    void theLauncherAcceptsEveryArgument(K8sObject workload) {
        for (Map<String, String> fields : POD_FIELDS) {
            // As the kubelet expands them and the pod's main parses them: only the command they name is built.
            List<String> args = K8sObject.expandedArgs(workload.container(Installation.POLYCSI), fields);
            args.forEach(arg -> assertFalse(arg.contains("$("), workload + ": " + arg + " refers to no variable of the container"));
            String[] argv = args.toArray(String[]::new);
            CommandLine.ParseResult parsed = assertDoesNotThrow(() -> Main.commandLine(argv).parseArgs(argv), workload + ": polycsi " + args);
            String mode = parsed.subcommand().commandSpec().name();
            assertTrue(List.of("controller", "node").contains(mode), workload + " runs polycsi " + mode);
            assertTrue(workload.is("Deployment") == mode.equals("controller"), workload + ": Deployments run the controller, DaemonSets the node");
        }
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void backendsAndTheirOptionsExist(K8sObject workload) {
        Map<String, BackendFactory> builtIn = Backends.builtIn();
        Map<String, Object> polycsi = workload.container(Installation.POLYCSI);
        K8sObject.flag(polycsi, "--backends").ifPresent(list -> {
            for (String backend : list.split(",")) {
                assertTrue(builtIn.containsKey(backend), workload + ": --backends names '" + backend + "'; built in: " + builtIn.keySet());
            }
        });
        for (String arg : K8sObject.strings(polycsi, "args")) {
            if (arg.startsWith("--backend-option=")) {
                String option = arg.substring("--backend-option=".length());
                String backend = option.substring(0, option.indexOf('.'));
                String key = option.substring(option.indexOf('.') + 1, option.indexOf('='));
                assertTrue(builtIn.containsKey(backend), workload + ": " + arg);
                assertTrue(builtIn.get(backend).options().parameters().stream().map(Parameter::key).anyMatch(key::equals),
                        workload + ": " + backend + " has no option " + key);
            }
        }
    }

    @Test
    void aFlagTheLauncherLacksIsRefused() {
        // The check above can fail: an unknown flag does not parse.
        assertThrows(CommandLine.ParameterException.class,
                () -> Main.commandLine().parseArgs("node", "--endpoint=unix:///csi/csi.sock", "--no-such-flag"));
    }
}
