package dev.polycsi.reliability.fuzz;

import com.google.protobuf.Message;
import csi.v1.ControllerGrpc;
import csi.v1.GroupControllerGrpc;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGrpc;
import csi.v1.SnapshotMetadataGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Unary calls with the request as raw bytes, so that a request may be anything a peer can send:
 * invalid UTF-8 in a string field, a wrong wire type, a truncated message, unknown fields.
 */
final class RawCsi {

    /** One RPC: its full gRPC name and the request type's default instance. */
    record Rpc(String service, String method, String fullName, Message prototype) {
        @Override
        public String toString() {
            return method;
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private RawCsi() {
    }

    /** Every unary RPC of csi.proto, whether the driver serves its service or not (Streaming ones are left out). */
    static List<Rpc> all() {
        List<Rpc> rpcs = new ArrayList<>();
        for (ServiceDescriptor service : List.of(IdentityGrpc.getServiceDescriptor(), ControllerGrpc.getServiceDescriptor(),
                NodeGrpc.getServiceDescriptor(), GroupControllerGrpc.getServiceDescriptor(), SnapshotMetadataGrpc.getServiceDescriptor())) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                if (method.getType() != MethodDescriptor.MethodType.UNARY) {
                    continue;
                }
                Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
                String shortService = service.getName().substring(service.getName().lastIndexOf('.') + 1);
                rpcs.add(new Rpc(shortService, method.getBareMethodName(), method.getFullMethodName(), prototype));
            }
        }
        return rpcs;
    }

    /** The outcome of one call: its code, its description and how long it took. */
    record Outcome(Status.Code code, String description, Duration took, byte[] response) {}

    static Outcome call(Channel channel, Rpc rpc, byte[] request, Duration deadline) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(rpc.fullName())
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
        long started = System.nanoTime();
        try {
            byte[] response = ClientCalls.blockingUnaryCall(channel, method,
                    CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), request);
            return new Outcome(Status.Code.OK, "", Duration.ofNanos(System.nanoTime() - started), response);
        } catch (StatusRuntimeException e) {
            return new Outcome(e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()),
                    Duration.ofNanos(System.nanoTime() - started), new byte[0]);
        }
    }

    /** The streaming RPCs, which the campaign does not call (the driver serves none of them). */
    static List<String> streaming() {
        return SnapshotMetadataGrpc.getServiceDescriptor().getMethods().stream()
                .filter(m -> m.getType() != MethodDescriptor.MethodType.UNARY).map(MethodDescriptor::getBareMethodName).toList();
    }
}
