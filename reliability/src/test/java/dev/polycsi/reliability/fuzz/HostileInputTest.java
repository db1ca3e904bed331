package dev.polycsi.reliability.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short version of {@code benchmarks/fuzz.sh}, with a fixed seed: every RPC with hostile
 * requests through the real gRPC server of {@code polycsi all --simulate}, and the StorageClass
 * parameters of every backend with the values most likely to break a decoder. Passes when every
 * answer carried a code CSI documents (no UNKNOWN, no INTERNAL, no call past its deadline), the
 * driver stayed up and ready, and no file or mount changed outside the paths the requests named.
 */
class HostileInputTest {

    /** Fixed, so that a failure here replays with {@code benchmarks/fuzz.sh --seed 20261206 --requests 1500 --parameters short}. */
    static final long SEED = 20261206;

    @Test
    @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyRpcAnswersHostileInputWithADocumentedCodeAndTouchesNothingElse() throws Exception {
        // The node RPCs mount for real: without root every valid-by-chance stage or publish would be an INTERNAL from mount(8).
        HostRequirements.assumeRootWithLoopDevices("stages and publishes volumes (loop devices, bind mounts) while fuzzing");
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
        HostRequirements.assumeTools(HostRequirements.filesystemTools("ext4"));
        FuzzCampaign.Report report = FuzzCampaign.run(FuzzCampaign.Options.parse("--seed", Long.toString(SEED), "--requests", "1500",
                "--duration", "75s", "--parameters", "short", "--threads", "3"), System.out);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FuzzCampaign.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String figures = printed.toString(StandardCharsets.UTF_8);
        System.out.println(figures);

        assertEquals(List.of(), report.findings(), figures);
        // Every RPC of csi.proto was called, most of them many times, and the answers were not all one code.
        for (RawCsi.Rpc rpc : RawCsi.all()) {
            Map<Status.Code, Integer> codes = report.codes().getOrDefault(rpc.method(), Map.of());
            int calls = codes.values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(calls >= 10, rpc.method() + " called " + calls + " times\n" + figures);
        }
        Set<Status.Code> seen = EnumSet.noneOf(Status.Code.class);
        report.codes().values().forEach(codes -> seen.addAll(codes.keySet()));
        assertTrue(seen.containsAll(EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
                Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNIMPLEMENTED)), seen + "\n" + figures);
        assertTrue(report.parameterCases() > 500, figures);
    }

    @Test
    void theSeedDecidesTheRequests() {
        Sandbox sandbox = new Sandbox(java.nio.file.Path.of("/tmp/polycsi-fuzz-seed"), java.nio.file.Path.of("/tmp/polycsi-fuzz-seed/other"));
        Generator.Known known = new Generator.Known(Map.of(), Map.of("ebs", "ebs", "efs", "efs"), Map.of(), null, null, List.of(),
                Map.of());
        Generator first = new Generator(7, sandbox, known, FuzzCampaign.storageClasses());
        Generator second = new Generator(7, sandbox, known, FuzzCampaign.storageClasses());
        for (int i = 0; i < 300; i++) {
            RawCsi.Rpc rpc = RawCsi.all().get(i % RawCsi.all().size());
            Generator.Request a = first.next(rpc);
            Generator.Request b = second.next(rpc);
            assertTrue(java.util.Arrays.equals(a.bytes(), b.bytes()), "request " + i + " (" + rpc + ", " + a.kind() + ") differs");
        }
    }
}
