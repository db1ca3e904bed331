package dev.polycsi.launcher.client;

import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Log4j out of the client. The driver routes java.util.logging to Log4j, and Netty picks
 * Log4j when it finds it on the class path; either would start Log4j (a few hundred ms) only to
 * print gRPC's rare complaints. Here they go through plain java.util.logging to stderr.
 */
final class PlainLogging {

    private static final String JUL_MANAGER = "java.util.logging.manager";
    private static final String LOG4J_JUL_MANAGER = "org.apache.logging.log4j.jul.LogManager";

    /**
     * gRPC and Netty warn about what a user cannot act on (e.g. that a unix socket has no
     * SO_KEEPALIVE); a failed call reaches the user as its status anyway. Held here because
     * java.util.logging forgets the level of a logger nobody references; set only in
     * {@link #use()}, as touching java.util.logging starts it with the manager configured then.
     */
    private static Logger grpcLogger;

    private PlainLogging() {
    }

    /**
     * Must run before gRPC or Netty is first used. In a JVM where java.util.logging has already
     * started (e.g. a test running the client in-process) the property no longer matters.
     */
    static synchronized void use() {
        if (LOG4J_JUL_MANAGER.equals(System.getProperty(JUL_MANAGER))) {
            System.clearProperty(JUL_MANAGER);
        }
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        if (grpcLogger == null) {
            grpcLogger = Logger.getLogger("io.grpc");
            grpcLogger.setLevel(Level.SEVERE);
        }
    }
}
