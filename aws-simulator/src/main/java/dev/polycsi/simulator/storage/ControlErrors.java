package dev.polycsi.simulator.storage;

import dev.polycsi.spi.CsiException;

/** How the control endpoint carries a {@link CsiException} over HTTP, both ways. */
public final class ControlErrors {

    private ControlErrors() {
    }

    public static int statusFor(CsiException.Code code) {
        return switch (code) {
            case NOT_FOUND -> 404;
            case INVALID_ARGUMENT -> 400;
            case FAILED_PRECONDITION -> 412;
            case UNAVAILABLE -> 503;
            case PERMISSION_DENIED -> 403;
            default -> 500;
        };
    }

    public static CsiException.Code codeFor(int status) {
        return switch (status) {
            case 404 -> CsiException.Code.NOT_FOUND;
            case 400 -> CsiException.Code.INVALID_ARGUMENT;
            case 412 -> CsiException.Code.FAILED_PRECONDITION;
            case 503 -> CsiException.Code.UNAVAILABLE;
            case 403 -> CsiException.Code.PERMISSION_DENIED;
            default -> CsiException.Code.INTERNAL;
        };
    }
}
