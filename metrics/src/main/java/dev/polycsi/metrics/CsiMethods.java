package dev.polycsi.metrics;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import csi.v1.Csi;
import java.util.HashMap;
import java.util.Map;

/**
 * The full gRPC name of a CSI method, {@code /csi.v1.Controller/CreateVolume}, as the sidecars'
 * and kubelet's {@code method_name} label has it, so that one query covers the driver's view and
 * theirs. Method names are unique across the three CSI services.
 */
final class CsiMethods {

    private static final Map<String, String> FULL_NAMES = new HashMap<>();

    static {
        for (ServiceDescriptor service : Csi.getDescriptor().getServices()) {
            for (MethodDescriptor method : service.getMethods()) {
                FULL_NAMES.put(method.getName(), "/" + service.getFullName() + "/" + method.getName());
            }
        }
    }

    private CsiMethods() {
    }

    static String fullName(String method) {
        return FULL_NAMES.getOrDefault(method, method);
    }
}
