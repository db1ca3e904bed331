package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.flag;

import java.util.List;
import java.util.Optional;

/**
 * One driver name as an overlay installs it: its CSIDriver, the controller Deployment and the
 * node DaemonSet whose polycsi container serves that name.
 */
record Installation(String overlay, K8sObject csiDriver, K8sObject controller, K8sObject node, List<K8sObject> all) {

    static final String POLYCSI = "polycsi";
    static final String DEFAULT_DRIVER_NAME = "aws.polycsi.dev";

    static List<Installation> of(String overlay, List<K8sObject> objects) {
        return objects.stream().filter(o -> o.is("CSIDriver")).map(driver -> new Installation(overlay, driver,
                serving(objects, "Deployment", driver.name()), serving(objects, "DaemonSet", driver.name()), objects)).toList();
    }

    private static K8sObject serving(List<K8sObject> objects, String kind, String driverName) {
        List<K8sObject> found = objects.stream().filter(o -> o.is(kind))
                .filter(o -> o.findContainer(POLYCSI).map(Installation::driverName).orElse("").equals(driverName))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " serving driver " + driverName + ", found " + found);
        }
        return found.getFirst();
    }

    /** The driver name a polycsi container serves: --driver-name, or the launcher's default. */
    static String driverName(java.util.Map<String, Object> polycsi) {
        return flag(polycsi, "--driver-name").orElse(DEFAULT_DRIVER_NAME);
    }

    String name() {
        return overlay + "/" + csiDriver.name();
    }

    boolean attachRequired() {
        return Boolean.TRUE.equals(csiDriver.spec().get("attachRequired"));
    }

    Optional<K8sObject> serviceAccount(K8sObject workload) {
        String account = K8sObject.string(workload.podSpec(), "serviceAccountName");
        return all.stream().filter(o -> o.is("ServiceAccount") && o.name().equals(account)).findFirst();
    }

    @Override
    public String toString() {
        return name();
    }
}
