package dev.polycsi.reliability.controller;

/** The cloud resources a CSI name stands for, one per backend's volumes and snapshots, and EBS attachments. */
public enum Kind {
    EBS_VOLUME("EBS volume"),
    EBS_SNAPSHOT("EBS snapshot"),
    EBS_ATTACHMENT("EBS attachment"),
    EFS_ACCESS_POINT("EFS access point"),
    LUSTRE_FILE_SYSTEM("FSx for Lustre file system"),
    FILE_CACHE("File Cache"),
    ONTAP_VOLUME("FSx for ONTAP volume"),
    ONTAP_BACKUP("FSx backup");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
