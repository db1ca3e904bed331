package dev.polycsi.launcher.client;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One client command: build the request, call, print the response as text or JSON. A gRPC error
 * is printed as {@code error: CODE: description} on stderr with exit code 1.
 *
 * @param <R> the response message
 */
abstract class RpcCommand<R extends Message> implements Callable<Integer> {

    /** Exit code of a call that failed, as opposed to picocli's 2 for a usage error. */
    static final int CALL_FAILED = 1;

    @Spec
    CommandSpec spec;

    /** Makes the call; a command that follows pages returns them merged into one response. */
    abstract R invoke(CsiConnection csi);

    /** The response for people: one line, or a short block. */
    abstract String text(R response);

    @Override
    public final Integer call() throws Exception {
        ClientRoot client = ClientRoot.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PlainLogging.use();
        R response;
        try (CsiConnection csi = CsiConnection.open(client.endpoint, client.timeout)) {
            response = invoke(csi);
        } catch (StatusRuntimeException e) {
            err.println("error: " + describe(e.getStatus()));
            err.flush();
            return CALL_FAILED;
        } catch (Failure e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return CALL_FAILED;
        }
        String printed = client.output == ClientRoot.Output.json ? JsonFormat.printer().print(response) : text(response);
        if (!printed.isEmpty()) {
            // An empty list prints nothing, so that "| wc -l" counts what there is.
            out.println(printed);
        }
        out.flush();
        return 0;
    }

    /** "CODE: description", with the cause when gRPC's description alone says little (e.g. "io exception"). */
    static String describe(Status status) {
        String text = status.getCode().name();
        String description = status.getDescription();
        String cause = status.getCause() == null ? null : status.getCause().getMessage();
        if (description != null) {
            text += ": " + description;
        }
        if (cause != null) {
            text += description != null ? " (" + cause + ")" : ": " + cause;
        }
        return text;
    }

    /** A call that succeeded but cannot go on, e.g. a plugin handing out the same page token again. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }
}
