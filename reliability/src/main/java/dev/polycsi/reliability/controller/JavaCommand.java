package dev.polycsi.reliability.controller;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code polycsi <arguments>} as this JVM's java on this JVM's class path: the child is the JVM itself, so SIGKILL hits it. */
final class JavaCommand {

    private JavaCommand() {
    }

    /** The controller's JVM flags of deploy/kubernetes/base/controller.yaml: a crash must not depend on a bigger heap. */
    static final List<String> CONTROLLER_FLAGS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
    /** The simulator starts once and serves every call of a campaign. */
    static final List<String> SIMULATOR_FLAGS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");

    static List<String> polycsi(List<String> jvmFlags, List<String> arguments) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.polycsi.launcher.Main"));
        command.addAll(arguments);
        return command;
    }

    /** No child may reach the instance metadata service of a real host. */
    static ProcessBuilder loopbackOnly(ProcessBuilder builder) {
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return builder;
    }
}
