package dev.polycsi.efs.params;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CreationMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code subPathPattern}: a path with {@code ${.PVC.name}}, {@code ${.PVC.namespace}} and
 * {@code ${.PV.name}} in it, as aws-efs-csi-driver takes it. Anything else between {@code ${}
 * and {@code }}, or a stray brace, is refused when the StorageClass is read rather than left in
 * the directory name.
 */
public record SubPathPattern(String pattern) {

    static final String PVC_NAME = "${.PVC.name}";
    static final String PVC_NAMESPACE = "${.PVC.namespace}";
    static final String PV_NAME = "${.PV.name}";
    static final List<String> COMPONENTS = List.of(PVC_NAME, PVC_NAMESPACE, PV_NAME);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

    /** For {@link dev.polycsi.spi.param.Parameter#custom}: IllegalArgumentException with the reason. */
    static SubPathPattern decode(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            if (!COMPONENTS.contains(m.group())) {
                unknown.add(m.group());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown placeholders " + unknown);
        }
        String rest = value;
        for (String component : COMPONENTS) {
            rest = rest.replace(component, "x");
        }
        if (rest.contains("${") || rest.contains("}") || rest.contains("{")) {
            throw new IllegalArgumentException("a brace outside " + String.join(", ", COMPONENTS));
        }
        if (rest.isBlank()) {
            throw new IllegalArgumentException("empty");
        }
        for (String component : rest.split("/")) {
            if (component.equals("..")) {
                throw new IllegalArgumentException("'..' is not allowed");
            }
        }
        return new SubPathPattern(value);
    }

    boolean needsPvc() {
        return pattern.contains(PVC_NAME) || pattern.contains(PVC_NAMESPACE);
    }

    /**
     * The pattern with the PVC's and PV's names in it. The PV name falls back to the CreateVolume
     * name, which the external-provisioner makes the PV's name; the PVC's names have no such
     * stand-in, so without {@code --extra-create-metadata} they are INVALID_ARGUMENT.
     */
    String expand(CreationMetadata metadata, String volumeName) {
        if (needsPvc() && (metadata.pvcName().isEmpty() || metadata.pvcNamespace().isEmpty())) {
            throw CsiException.invalidArgument("parameter 'subPathPattern' uses %s or %s, but the request carries no PVC name and "
                    + "namespace: start the external-provisioner with --extra-create-metadata", PVC_NAME, PVC_NAMESPACE);
        }
        String pvName = metadata.pvName().isEmpty() ? volumeName : metadata.pvName();
        return pattern.replace(PVC_NAME, metadata.pvcName()).replace(PVC_NAMESPACE, metadata.pvcNamespace()).replace(PV_NAME, pvName);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
