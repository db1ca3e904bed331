package dev.polycsi.simulator.imds;

/** The AWS partition a region belongs to, and its domain. */
record Partition(String name, String domain) {

    static Partition of(String region) {
        if (region.startsWith("cn-")) {
            return new Partition("aws-cn", "amazonaws.com.cn");
        }
        if (region.startsWith("us-gov-")) {
            return new Partition("aws-us-gov", "amazonaws.com");
        }
        return new Partition("aws", "amazonaws.com");
    }
}
