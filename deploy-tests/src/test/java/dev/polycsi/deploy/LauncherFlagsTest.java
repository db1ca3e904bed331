package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
 * the launcher's own picocli model, without running anything), every backend it enables is
 * built in, and every --backend-option names an option that backend declares.
 */
class LauncherFlagsTest {

    static Stream<K8sObject> workloads() {
        return Manifests.workloads();
    }

    @ParameterizedTest
    @MethodSource("workloads")
    void theLauncherAcceptsEveryArgument(K8sObject workload) {
        List<String> args = K8sObject.strings(workload.container(Installation.POLYCSI), "args");
        // As the pod's main parses them: only the command they name is built.
        String[] argv = args.toArray(String[]::new);
        CommandLine.ParseResult parsed = assertDoesNotThrow(() -> Main.commandLine(argv).parseArgs(argv), workload + ": polycsi " + args);
        String mode = parsed.subcommand().commandSpec().name();
        assertTrue(List.of("controller", "node").contains(mode), workload + " runs polycsi " + mode);
        assertTrue(workload.is("Deployment") == mode.equals("controller"), workload + ": Deployments run the controller, DaemonSets the node");
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
