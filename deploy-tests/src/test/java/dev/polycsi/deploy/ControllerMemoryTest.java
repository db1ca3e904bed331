package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.map;
import static dev.polycsi.deploy.K8sObject.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The controller's memory request and limit follow its last measurement: the output of
 * benchmarks/controller.sh recorded in benchmarks/README.md, which names the flags, request and
 * limit it measured and the peak RSS under the 200-volume EBS workload. Changing the flags or
 * the resources without measuring again fails here.
 */
class ControllerMemoryTest {

    private static final Pattern MEASURED = Pattern.compile(
            "- as shipped: deploy/kubernetes/base/controller\\.yaml gives the polycsi container JDK_JAVA_OPTIONS=\"([^\"]+)\".*?"
                    + "memory request (\\S+), limit (\\S+)\\n");
    private static final Pattern PEAK = Pattern.compile(
            "aim: the controller as shipped under the 200-volume EBS workload: .*?\\(peak ([0-9.]+) MiB");
    /** Over the measured peak, for more calls in flight and the file backends' classes. */
    private static final double LIMIT_HEADROOM = 1.25;

    static Stream<Installation> installations() {
        return Manifests.installations();
    }

    @ParameterizedTest
    @MethodSource("installations")
    void requestCoversTheMeasuredPeakAndTheLimitLeavesHeadroom(Installation installation) {
        String readme = Repo.read(Repo.root().resolve("benchmarks/README.md"));
        Matcher measured = last(MEASURED, readme);
        Matcher peak = last(PEAK, readme);
        K8sObject controller = installation.controller();
        Map<String, Object> resources = map(controller.container(Installation.POLYCSI), "resources");
        String request = string(map(resources, "requests"), "memory");
        String limit = string(map(resources, "limits"), "memory");
        assertEquals(JvmFlags.split(measured.group(1)), JvmFlags.of(controller), controller + ": flags other than the measured ones");
        assertEquals(measured.group(2) + " / " + measured.group(3), request + " / " + limit,
                controller + ": request / limit other than the measured ones");
        double peakMiB = Double.parseDouble(peak.group(1));
        assertTrue(Manifests.mebibytes(request) >= peakMiB, controller + ": request " + request + " below the measured peak " + peakMiB + " MiB");
        assertTrue(Manifests.mebibytes(limit) >= peakMiB * LIMIT_HEADROOM,
                controller + ": limit " + limit + " leaves less than " + LIMIT_HEADROOM + "x the measured peak " + peakMiB + " MiB");
    }

    /** The last match in {@code text}: the most recent run recorded. */
    static Matcher last(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        Matcher last = null;
        while (m.find()) {
            last = pattern.matcher(text);
            last.find(m.start());
        }
        assertTrue(last != null, "benchmarks/README.md has no benchmark output matching " + pattern);
        return last;
    }
}
