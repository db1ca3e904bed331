package dev.polycsi.reliability.controller;

import csi.v1.ControllerGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * CSI calls as external-provisioner, -attacher, -snapshotter and -resizer make them: the same
 * request again after every failure, with backoff, until an answer that ends the operation. A
 * code outside {@link #RETRYABLE} and the operation's own is a finding (and retried, as the
 * sidecars do); an operation that has not ended after {@code giveUpAfter} is a hang.
 */
final class Sidecar {

    /** What a driver answers while it cannot answer yet: the sidecars retry these as a matter of course. */
    static final Set<Status.Code> RETRYABLE = Set.of(Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED, Status.Code.UNAVAILABLE,
            Status.Code.RESOURCE_EXHAUSTED);

    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final Controllers controllers;
    private final CallStats stats;
    private final Findings findings;
    private final Set<Status.Code> documented;
    private final Duration giveUpAfter;
    private final Random random;

    /** {@code documented}: further codes the campaign's faults make legitimate (e.g. INTERNAL naming a FAILED resource). */
    Sidecar(Controllers controllers, CallStats stats, Findings findings, Set<Status.Code> documented, Duration giveUpAfter, Random random) {
        this.controllers = controllers;
        this.stats = stats;
        this.findings = findings;
        this.documented = documented;
        this.giveUpAfter = giveUpAfter;
        this.random = random;
    }

    /** The call repeated until it answers OK; see {@link #until}. */
    <T> T untilOk(String operation, String target, Function<ControllerGrpc.ControllerBlockingStub, T> rpc) {
        return until(operation, target, rpc, Set.of(), answer -> true).orElseThrow();
    }

    /**
     * The call repeated until it answers OK with an answer {@code complete} accepts (empty: it
     * answered one of {@code meaningDone}, e.g. NOT_FOUND for a delete).
     *
     * @throws GaveUp when it did not end within {@code giveUpAfter}
     */
    <T> Optional<T> until(String operation, String target, Function<ControllerGrpc.ControllerBlockingStub, T> rpc,
            Set<Status.Code> meaningDone, Predicate<T> complete) {
        long giveUp = System.nanoTime() + giveUpAfter.toNanos();
        long backoff = FIRST_BACKOFF_MILLIS;
        Status last = Status.OK;
        java.util.Map<String, Integer> answers = new java.util.TreeMap<>();
        while (System.nanoTime() < giveUp) {
            try {
                T answer = rpc.apply(controllers.client().controller());
                stats.call(Status.Code.OK);
                if (complete.test(answer)) {
                    stats.operation(operation);
                    return Optional.of(answer);
                }
                last = Status.OK.withDescription("not complete yet: " + answer);
                answers.merge("OK but not complete", 1, Integer::sum);
            } catch (StatusRuntimeException e) {
                last = e.getStatus();
                stats.call(last.getCode());
                answers.merge(last.getCode().name(), 1, Integer::sum);
                if (meaningDone.contains(last.getCode())) {
                    stats.operation(operation);
                    return Optional.empty();
                }
                if (!RETRYABLE.contains(last.getCode()) && !documented.contains(last.getCode())) {
                    findings.wrongCode(operation + " " + target + ": " + last.getCode() + " " + last.getDescription());
                }
            }
            sleep(backoff / 2 + random.nextLong(backoff / 2 + 1));
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
        String what = operation + " " + target + " did not end within " + giveUpAfter + "; answers " + answers + ", the last "
                + last.getCode() + " " + last.getDescription();
        findings.hang(what);
        throw new GaveUp(what);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GaveUp("interrupted");
        }
    }

    /** An operation that never ended; its lane stops. */
    static final class GaveUp extends RuntimeException {
        GaveUp(String message) {
            super(message);
        }
    }
}
