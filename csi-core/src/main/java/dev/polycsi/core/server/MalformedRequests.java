package dev.polycsi.core.server;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A request that does not parse (invalid UTF-8 in a string field, a wrong wire type, a truncated
 * message, nesting past protobuf's limit) is INVALID_ARGUMENT, before any handler runs. grpc-java
 * itself answers a request marshaller that throws with {@code UNKNOWN: Application error
 * processing RPC}, which CSI does not document and which tells the caller nothing: here each
 * method is re-bound with a request marshaller that hands its failure over instead of throwing,
 * and the call is closed with the parser's reason.
 */
final class MalformedRequests {

    private MalformedRequests() {
    }

    /** The service with every method's request parsed this way; its names and schema descriptor unchanged. */
    static ServerServiceDefinition guard(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        service.getMethods().forEach(method -> methods.add(guard(method)));
        // A service definition insists that its methods are its descriptor's own instances.
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
        methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder guarded = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(guarded::addMethod);
        return guarded.build();
    }

    /** A request as it arrived: parsed, or why it did not parse. */
    private record Parsed<T>(T request, RuntimeException failure) {}

    private static final class ParsingMarshaller<T> implements MethodDescriptor.Marshaller<Parsed<T>> {
        private final MethodDescriptor.Marshaller<T> original;

        ParsingMarshaller(MethodDescriptor.Marshaller<T> original) {
            this.original = original;
        }

        @Override
        public InputStream stream(Parsed<T> value) {
            return original.stream(value.request());
        }

        @Override
        public Parsed<T> parse(InputStream stream) {
            try {
                return new Parsed<>(original.parse(stream), null);
            } catch (RuntimeException failure) {
                return new Parsed<>(null, failure);
            }
        }
    }

    private static <Q, R> ServerMethodDefinition<Parsed<Q>, R> guard(ServerMethodDefinition<Q, R> definition) {
        MethodDescriptor<Q, R> original = definition.getMethodDescriptor();
        MethodDescriptor<Parsed<Q>, R> method = original.toBuilder(new ParsingMarshaller<>(original.getRequestMarshaller()),
                original.getResponseMarshaller()).build();
        ServerCallHandler<Parsed<Q>, R> handler = (call, headers) -> {
            ServerCall.Listener<Q> delegate = definition.getServerCallHandler().startCall(new Unwrapped<>(call, original), headers);
            return new ServerCall.Listener<>() {
                private boolean refused;

                @Override
                public void onMessage(Parsed<Q> message) {
                    if (refused) {
                        return;
                    }
                    if (message.failure() != null) {
                        refused = true;
                        call.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid " + requestType(original)
                                + ": " + reason(message.failure())), new Metadata());
                        return;
                    }
                    delegate.onMessage(message.request());
                }

                @Override
                public void onHalfClose() {
                    if (!refused) {
                        delegate.onHalfClose();
                    }
                }

                @Override
                public void onCancel() {
                    delegate.onCancel();
                }

                @Override
                public void onComplete() {
                    delegate.onComplete();
                }

                @Override
                public void onReady() {
                    if (!refused) {
                        delegate.onReady();
                    }
                }
            };
        };
        return ServerMethodDefinition.create(method, handler);
    }

    private static String requestType(MethodDescriptor<?, ?> method) {
        if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
                && prototype.getMessagePrototype() instanceof com.google.protobuf.Message message) {
            return message.getDescriptorForType().getFullName();
        }
        return method.getFullMethodName() + " request";
    }

    /** The parser's own words (e.g. "Protocol message had invalid UTF-8."), not grpc-java's wrapper around them. */
    private static String reason(RuntimeException failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return String.valueOf(cause.getMessage());
    }

    /** The call as the original handler expects it: its own method descriptor, everything else the real call's. */
    private static final class Unwrapped<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<Parsed<Q>, R> call;
        private final MethodDescriptor<Q, R> method;

        Unwrapped(ServerCall<Parsed<Q>, R> call, MethodDescriptor<Q, R> method) {
            this.call = call;
            this.method = method;
        }

        @Override
        public void request(int numMessages) {
            call.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            call.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            call.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            call.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return call.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return call.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }
    }
}
